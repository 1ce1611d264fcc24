package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The transactional outbox (SEMANTICS.md §12.3) on the in-memory state store and broker. */
class OutboxTest {
  private static final AtomicInteger N = new AtomicInteger();

  private static Plumb plumb(String pubsub) {
    return Plumb.builder()
        .appId("orders")
        .component(pubsub, "pubsub.in-memory", Map.of())
        .component(
            "statestore",
            "state.in-memory",
            Map.of("outboxPublishPubsub", pubsub, "outboxPublishTopic", "order-events"))
        .deferStart()
        .build();
  }

  @Test
  void aCommittedTransactionPublishesItsUpsertsAndProjectionsInsteadOfSavedValues()
      throws Exception {
    String ps = "outbox-" + N.incrementAndGet();
    BlockingQueue<CloudEvent> events = new LinkedBlockingQueue<>();
    try (Plumb plumb = plumb(ps)) {
      plumb
          .pubSub(ps)
          .subscribe(
              "order-events",
              CloudEvent.class,
              e -> {
                events.add(e.data());
                return null;
              });
      plumb.start();
      StateStore state = plumb.stateStore("statestore");
      state.transact(
          List.of(
              StateOperation.upsert("key1", "2"),
              StateOperation.upsert(
                  "key1", "3", SaveOptions.builder().metadata("outbox.projection", "true").build()),
              StateOperation.delete("gone")));

      CloudEvent e = events.poll(15, TimeUnit.SECONDS);
      assertThat(e).isNotNull();
      assertThat(e.dataAsString()).isEqualTo("\"3\"");
      assertThat(e.id()).startsWith("outbox-");
      assertThat(e.topic()).isEqualTo("order-events");
      assertThat(e.pubsubname()).isEqualTo(ps);
      assertThat(e.source()).isEqualTo("orders");
      assertThat(state.get("key1", String.class).value()).isEqualTo("2");
      assertThat(events.poll(1, TimeUnit.SECONDS)).as("one event per upsert").isNull();
    }
  }

  @Test
  void aFailedTransactionPublishesNothing() throws Exception {
    String ps = "outbox-" + N.incrementAndGet();
    BlockingQueue<CloudEvent> events = new LinkedBlockingQueue<>();
    try (Plumb plumb = plumb(ps)) {
      plumb
          .pubSub(ps)
          .subscribe(
              "order-events",
              CloudEvent.class,
              e -> {
                events.add(e.data());
                return null;
              });
      plumb.start();
      StateStore state = plumb.stateStore("statestore");
      state.save("key1", "1");
      assertThatThrownBy(
              () ->
                  state.transact(
                      List.of(
                          StateOperation.upsert(
                              "key1", "2", SaveOptions.ifMatch(new ETag("not-the-etag"))))))
          .isInstanceOf(ETagMismatchException.class);
      state.transact(List.of(StateOperation.upsert("key2", "ok")));
      CloudEvent e = events.poll(15, TimeUnit.SECONDS);
      assertThat(e.dataAsString()).isEqualTo("\"ok\"");
      assertThat(events.poll(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void anOutboxNamingAMissingPubsubFailsItsTransactions() {
    try (Plumb plumb =
        Plumb.builder()
            .appId("orders")
            .component(
                "statestore",
                "state.in-memory",
                Map.of("outboxPublishPubsub", "nope", "outboxPublishTopic", "t"))
            .build()) {
      assertThatThrownBy(
              () ->
                  plumb.stateStore("statestore").transact(List.of(StateOperation.upsert("k", "v"))))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessageContaining("'nope'");
      assertThat(plumb.stateStore("statestore").get("k", String.class)).isNull();
    }
  }
}
