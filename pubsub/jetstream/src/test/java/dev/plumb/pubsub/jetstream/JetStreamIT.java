package dev.plumb.pubsub.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JetStream specifics beyond the kit, on a private {@code nats-server -js --auth <token>}: token
 * authentication, {@code nakWithDelay} for a retry, {@code maxDeliver}, {@code deliverPolicy} and
 * {@code queueGroupName} with {@code durableName}.
 */
class JetStreamIT {
  private static final String TOKEN = "tok-" + UUID.randomUUID();
  private static PrivateNats nats;
  private final List<TestComponentContext> contexts = new ArrayList<>();
  private final List<PubSubComponent> components = new ArrayList<>();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() throws Exception {
    nats = new PrivateNats("--auth", TOKEN);
  }

  @AfterAll
  static void stop() throws Exception {
    nats.close();
  }

  @AfterEach
  void closeAll() {
    components.forEach(PubSubComponent::close);
    contexts.forEach(TestComponentContext::close);
  }

  private PubSubComponent create(Map<String, String> extra) throws Exception {
    Map<String, String> md = new HashMap<>(nats.metadata());
    md.put("token", TOKEN);
    md.put("consumerID", "it-" + run);
    md.putAll(extra);
    TestComponentContext c = new TestComponentContext("js-" + run, "pubsub.jetstream", md);
    contexts.add(c);
    PubSubComponent component = c.createComponent(PubSubComponent.class);
    components.add(component);
    return component;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void withoutTheTokenTheServerRefusesTheComponent() {
    Map<String, String> md = new HashMap<>(nats.metadata());
    TestComponentContext c = new TestComponentContext("js-noauth", "pubsub.jetstream", md);
    contexts.add(c);
    assertThatThrownBy(() -> c.createComponent(PubSubComponent.class))
        .hasMessageContaining("uthorization")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aRetryComesBackNoSoonerThanItsDelayAndMaxDeliverStopsIt() throws Exception {
    PubSubComponent c = create(Map.of("maxDeliver", "3"));
    String topic = "retry-" + run;
    List<Long> at = new CopyOnWriteArrayList<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          at.add(System.nanoTime());
          a.nack(Duration.ofMillis(700));
        });
    c.publish(PublishRequest.of(topic, utf8("always-fails")));
    await().atMost(Duration.ofSeconds(15)).until(() -> at.size() == 3);
    for (int i = 1; i < at.size(); i++) {
      assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1)))
          .as("redelivery %d waits for nakWithDelay", i)
          .isGreaterThanOrEqualTo(Duration.ofMillis(650));
    }
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> at.size() == 3);
  }

  @Test
  void deliverPolicyNewSkipsWhatWasPublishedBefore() throws Exception {
    String topic = "policy-" + run;
    PubSubComponent all = create(Map.of("consumerID", "all-" + run));
    PubSubComponent fresh = create(Map.of("consumerID", "new-" + run, "deliverPolicy", "new"));
    all.publish(PublishRequest.of(topic, utf8("before")));
    Set<String> gotAll = ConcurrentHashMap.newKeySet();
    Set<String> gotNew = ConcurrentHashMap.newKeySet();
    all.subscribe(SubscribeRequest.of(topic), record(gotAll));
    fresh.subscribe(SubscribeRequest.of(topic), record(gotNew));
    all.publish(PublishRequest.of(topic, utf8("after")));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gotAll.containsAll(Set.of("before", "after")) && gotNew.contains("after"));
    assertThat(gotNew).containsExactly("after");
  }

  @Test
  void membersSharingADurableAndQueueGroupCompete() throws Exception {
    String topic = "queue-" + run;
    Map<String, String> shared =
        Map.of("durableName", "workers-" + run, "queueGroupName", "workers-" + run);
    Map<String, String> one = new HashMap<>(shared);
    one.put("consumerID", "app-one-" + run);
    Map<String, String> two = new HashMap<>(shared);
    two.put("consumerID", "app-two-" + run);
    PubSubComponent a = create(one);
    PubSubComponent b = create(two);
    Set<String> gotA = ConcurrentHashMap.newKeySet();
    Set<String> gotB = ConcurrentHashMap.newKeySet();
    a.subscribe(SubscribeRequest.of(topic), record(gotA));
    b.subscribe(SubscribeRequest.of(topic), record(gotB));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.add("q" + i);
      a.publish(PublishRequest.of(topic, utf8("q" + i)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Set<String> both = new HashSet<>(gotA);
              both.addAll(gotB);
              return both.containsAll(sent);
            });
    Set<String> overlap = new HashSet<>(gotA);
    overlap.retainAll(gotB);
    assertThat(overlap).isEmpty();
  }

  @Test
  void aRepublishedCloudEventIsStoredOnce() throws Exception {
    PubSubComponent c = create(Map.of());
    String topic = "dedup-" + run;
    AtomicInteger n = new AtomicInteger();
    c.subscribe(
        SubscribeRequest.of(topic),
        (PubSubMessage m, Acknowledgement a) -> {
          n.incrementAndGet();
          a.ack();
        });
    byte[] event = utf8("{\"id\":\"same-" + run + "\",\"specversion\":\"1.0\",\"data\":1}");
    c.publish(PublishRequest.of(topic, event));
    c.publish(PublishRequest.of(topic, event));
    c.publish(PublishRequest.of(topic, utf8("marker")));
    await().atMost(Duration.ofSeconds(10)).until(() -> n.get() >= 2);
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(n).as("the event once, then the marker").hasValue(2);
  }

  private static dev.plumb.api.pubsub.spi.MessageHandler record(Set<String> into) {
    return (m, a) -> {
      into.add(new String(m.data(), StandardCharsets.UTF_8));
      a.ack();
    };
  }
}
