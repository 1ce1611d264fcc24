package dev.plumb.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The transactional outbox (SEMANTICS.md §12.3) on a real state store and broker: a committed
 * transaction publishes one event per upsert, with a projection's value instead of the saved one; a
 * transaction the store refuses publishes nothing. Call {@link #run} from an integration test of a
 * state or pub/sub provider.
 */
public final class OutboxScenario {
  private OutboxScenario() {}

  /**
   * Runs the scenario.
   *
   * @param stateType the state store's type, such as {@code state.redis}
   * @param stateMetadata its metadata, without the outbox fields
   * @param pubsubType the broker's type, such as {@code pubsub.kafka}
   * @param pubsubMetadata its metadata
   * @throws Exception if the scenario fails
   */
  public static void run(
      String stateType,
      Map<String, String> stateMetadata,
      String pubsubType,
      Map<String, String> pubsubMetadata)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String topic = "outbox-events-" + run;
    Map<String, String> state = new LinkedHashMap<>(stateMetadata);
    state.put("outboxPublishPubsub", "pubsub");
    state.put("outboxPublishTopic", topic);
    BlockingQueue<CloudEvent> events = new LinkedBlockingQueue<>();
    try (Plumb plumb =
        Plumb.builder()
            .appId("outbox-" + run)
            .component("pubsub", pubsubType, pubsubMetadata)
            .component("statestore", stateType, state)
            .deferStart()
            .build()) {
      plumb
          .pubSub("pubsub")
          .subscribe(
              topic,
              CloudEvent.class,
              e -> {
                events.add(e.data());
                return null;
              });
      plumb.start();
      StateStore store = plumb.stateStore("statestore");
      String key = "order-" + run;
      store.save(key, "1");
      assertThatThrownBy(
              () ->
                  store.transact(
                      List.of(
                          StateOperation.upsert(
                              key, "refused", SaveOptions.ifMatch(new ETag("999999"))))))
          .isInstanceOf(ETagMismatchException.class);
      store.transact(
          List.of(
              StateOperation.upsert(key, "2"),
              StateOperation.upsert(
                  key, "3", SaveOptions.builder().metadata("outbox.projection", "true").build())));
      CloudEvent e = events.poll(30, TimeUnit.SECONDS);
      assertThat(e).as("the committed transaction's event").isNotNull();
      assertThat(e.dataAsString()).isEqualTo("\"3\"");
      assertThat(e.id()).startsWith("outbox-");
      assertThat(e.topic()).isEqualTo(topic);
      assertThat(store.get(key, String.class).value()).isEqualTo("2");
      assertThat(events.poll(3, TimeUnit.SECONDS))
          .as("nothing from the refused transaction, one event per upsert")
          .isNull();
    }
  }
}
