package dev.plumb.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.api.pubsub.TopicRoutes;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.BulkMessageEntry;
import dev.plumb.api.pubsub.spi.BulkPublishRequest;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dapr's pub/sub conformance suite ({@code tests/conformance/pubsub}, SEMANTICS.md §13.2) and the
 * runtime scenarios of §2.5, for any pub/sub provider against its real broker. Extend it, name the
 * component type and its metadata, and run it where the broker is reachable.
 *
 * <p>Component level (raw bytes, the SPI): deliveries that fail are negatively acknowledged and
 * must come back; publish and bulk publish; per-key order where {@link #ordersByKey()}; several
 * subscriptions; stopped subscriptions receive nothing more and what they did not settle goes to
 * the next member of the group; replicas of one consumer group compete, different groups each get
 * every message; metadata passes through where {@link #carriesMetadata()}; the component never
 * holds more unsettled messages than {@code maxInFlight}. Runtime level (a {@link Plumb} with the
 * component): routing order, no match, the dead-letter topic gets the original event, raw payload
 * wrapping, TTL expiry.
 *
 * <p>Every test uses topics and consumer groups of its own, so the kit can run repeatedly against a
 * shared broker.
 */
public abstract class PubSubConformanceKit {
  /** How long a message may take to arrive (Dapr's suite waits 60 s). */
  protected static final Duration WAIT = Duration.ofSeconds(30);

  /** The redelivery delay the kit asks for when it negatively acknowledges. */
  protected static final Duration REDELIVERY = Duration.ofMillis(100);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<TestComponentContext> contexts = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  /** For subclasses. */
  protected PubSubConformanceKit() {}

  /**
   * Returns the component type under test.
   *
   * @return for example {@code pubsub.kafka}
   */
  protected abstract String type();

  /**
   * Returns the metadata that reaches the broker, without {@code consumerID}.
   *
   * @return plain metadata values
   */
  protected abstract Map<String, String> metadata();

  /**
   * Tells whether the broker keeps the order of messages with one {@code partitionKey} (Dapr's
   * {@code checkInOrderProcessing}).
   *
   * @return {@code true} to check order per key
   */
  protected boolean ordersByKey() {
    return false;
  }

  /**
   * Tells whether request metadata published with a message comes back with it.
   *
   * @return {@code true} to check it
   */
  protected boolean carriesMetadata() {
    return true;
  }

  /**
   * Tells whether components that share a {@code consumerID} compete for a topic's messages (a
   * consumer group). MQTT 3 has no consumer groups: there the {@code consumerID} is the client id,
   * two live clients with one id take over each other's session, and replicas compete only through
   * shared subscriptions with ids of their own, which the provider's own tests check.
   *
   * @return {@code true} to check competing replicas
   */
  protected boolean replicasOfAConsumerIdCompete() {
    return true;
  }

  /**
   * Returns a topic name unique to this kit instance.
   *
   * @param name Dapr's name, such as {@code testTopic}
   * @return the name with this run's suffix
   */
  protected final String topic(String name) {
    return name + "-" + run;
  }

  /**
   * Creates a component with the provider found on the class path, in a consumer group.
   *
   * @param consumerId the {@code consumerID}
   * @return the started component; closed after the test
   * @throws Exception if it cannot start
   */
  protected PubSubComponent create(String consumerId) throws Exception {
    Map<String, String> md = new LinkedHashMap<>(metadata());
    md.put("consumerID", consumerId + "-" + run);
    TestComponentContext c =
        new TestComponentContext("conftest-" + run, type(), md).withAppId("conftest");
    contexts.add(c);
    PubSubComponent component = c.createComponent(PubSubComponent.class);
    open.add(component);
    return component;
  }

  /**
   * Builds a started {@link Plumb} with the component under test named {@code pubsub}.
   *
   * @param appId the app id, the consumer group by default
   * @return the instance; closed after the test
   */
  protected Plumb plumb(String appId) {
    Map<String, String> md = new LinkedHashMap<>(metadata());
    md.put("consumerID", appId + "-" + run);
    Plumb p = Plumb.builder().appId(appId).component("pubsub", type(), md).build();
    open.add(p);
    return p;
  }

  @AfterEach
  final void closeAll() throws Exception {
    List<AutoCloseable> reverse = new ArrayList<>(open);
    Collections.reverse(reverse);
    for (AutoCloseable c : reverse) {
      c.close();
    }
    contexts.forEach(TestComponentContext::close);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(PubSubMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  /** Records deliveries; acknowledges or fails them as a test says. */
  private static final class Recorder implements MessageHandler {
    final Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final List<PubSubMessage> received = new CopyOnWriteArrayList<>();
    final List<String> orderOfFirst = new CopyOnWriteArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    volatile boolean failSome;

    @Override
    public void handle(PubSubMessage message, Acknowledgement ack) {
      String body = text(message);
      received.add(message);
      int n = deliveries.merge(body, 1, Integer::sum);
      int c = counter.incrementAndGet();
      // Dapr's pattern: the first two first-time deliveries and every fifth one fail.
      if (failSome && n == 1 && (c <= 2 || c % 5 == 0)) {
        ack.nack(REDELIVERY);
        return;
      }
      if (n == 1) {
        orderOfFirst.add(body);
      }
      acked.add(body);
      ack.ack();
    }
  }

  private List<String> publish(PubSubComponent c, String topic, String prefix, int count)
      throws Exception {
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String body = prefix + i;
      c.publish(PublishRequest.of(topic, utf8(body)));
      sent.add(body);
    }
    return sent;
  }

  @Test
  void failedDeliveriesAreRedeliveredUntilAcknowledged() throws Exception {
    PubSubComponent c = create("testGroup");
    String topic = topic("testTopic");
    Recorder r = new Recorder();
    r.failSome = true;
    c.subscribe(SubscribeRequest.of(topic), r);
    List<String> sent = publish(c, topic, "message-" + run + "-", 10);

    await().atMost(WAIT).until(() -> r.acked.containsAll(sent));
    assertThat(r.deliveries.values()).as("some deliveries failed and came back").contains(2);
  }

  @Test
  void messagesOfOneKeyArriveInOrder() throws Exception {
    // A broker without order per key still has to deliver every message of every key.
    PubSubComponent c = create("orderGroup");
    String topic = topic("orderTopic");
    Recorder r = new Recorder();
    c.subscribe(SubscribeRequest.of(topic), r);
    List<String> sent = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String body = (i % 3) + ":" + i;
      sent.add(body);
      c.publish(
          new PublishRequest(topic, utf8(body), Map.of("partitionKey", "key-" + (i % 3)), null));
    }
    await().atMost(WAIT).until(() -> r.acked.containsAll(sent));
    if (!ordersByKey()) {
      return;
    }
    for (int k = 0; k < 3; k++) {
      String prefix = k + ":";
      List<String> expected = sent.stream().filter(s -> s.startsWith(prefix)).toList();
      assertThat(r.orderOfFirst.stream().filter(s -> s.startsWith(prefix)).toList())
          .as("order of key %s", k)
          .isEqualTo(expected);
    }
    assertThat(r.received).allMatch(m -> m.orderingKey() != null);
  }

  @Test
  void bulkPublishedEntriesAreEachDelivered() throws Exception {
    PubSubComponent c = create("bulkGroup");
    String topic = topic("testTopicBulk");
    Recorder r = new Recorder();
    c.subscribe(SubscribeRequest.of(topic), r);
    List<BulkMessageEntry> entries = new ArrayList<>();
    for (int i = 11; i <= 20; i++) {
      entries.add(
          new BulkMessageEntry(
              Integer.toString(i), utf8("message-" + run + "-" + i), "text/plain", Map.of()));
    }
    BulkPublishResult result = c.bulkPublish(new BulkPublishRequest(topic, entries, Map.of()));
    assertThat(result.allPublished()).isTrue();
    List<String> sent =
        entries.stream().map(e -> new String(e.event(), StandardCharsets.UTF_8)).toList();
    await().atMost(WAIT).until(() -> r.acked.containsAll(sent));
  }

  @Test
  void eachSubscriptionGetsExactlyItsTopicsMessages() throws Exception {
    PubSubComponent c = create("multiGroup");
    String t1 = topic("multiTopic1");
    String t2 = topic("multiTopic2");
    Recorder r1 = new Recorder();
    Recorder r2 = new Recorder();
    c.subscribe(SubscribeRequest.of(t1), r1);
    c.subscribe(SubscribeRequest.of(t2), r2);
    List<String> s1 = new ArrayList<>();
    List<String> s2 = new ArrayList<>();
    for (int k = 11; k <= 20; k++) {
      String body = "message-" + run + "-" + k;
      if (k % 2 == 0) {
        c.publish(PublishRequest.of(t1, utf8(body)));
        s1.add(body);
      } else {
        c.publish(PublishRequest.of(t2, utf8(body)));
        s2.add(body);
      }
    }
    await().atMost(WAIT).until(() -> r1.acked.containsAll(s1) && r2.acked.containsAll(s2));
    assertThat(r1.acked).containsExactlyInAnyOrderElementsOf(s1);
    assertThat(r2.acked).containsExactlyInAnyOrderElementsOf(s2);
  }

  @Test
  void aStoppedSubscriptionReceivesNothingMore() throws Exception {
    PubSubComponent c = create("stopGroup");
    String t1 = topic("stopTopic1");
    String t2 = topic("stopTopic2");
    Recorder r1 = new Recorder();
    Recorder r2 = new Recorder();
    Subscription s1 = c.subscribe(SubscribeRequest.of(t1), r1);
    Subscription s2 = c.subscribe(SubscribeRequest.of(t2), r2);
    List<String> round0a = publish(c, t1, "a-" + run + "-", 5);
    List<String> round0b = publish(c, t2, "b-" + run + "-", 5);
    await()
        .atMost(WAIT)
        .until(() -> r1.acked.containsAll(round0a) && r2.acked.containsAll(round0b));

    s1.close();
    List<String> round1 = publish(c, t2, "c-" + run + "-", 5);
    await().atMost(WAIT).until(() -> r2.acked.containsAll(round1));
    s2.close();
    int seen1 = r1.received.size();
    int seen2 = r2.received.size();
    publish(c, t1, "d-" + run + "-", 3);
    publish(c, t2, "e-" + run + "-", 3);
    await()
        .pollDelay(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> r1.received.size() == seen1 && r2.received.size() == seen2);
  }

  @Test
  void whatAClosedMemberDidNotSettleGoesToTheNextMember() throws Exception {
    PubSubComponent c = create("restartGroup");
    String topic = topic("restartTopic");
    BlockingQueue<PubSubMessage> held = new LinkedBlockingQueue<>();
    Subscription first =
        c.subscribe(new SubscribeRequest(topic, Map.of(), 100), (m, a) -> held.add(m));
    List<String> sent = publish(c, topic, "held-" + run + "-", 5);
    await().atMost(WAIT).until(() -> held.size() == 5);
    first.close();
    List<String> later = publish(c, topic, "later-" + run + "-", 3);
    Recorder second = new Recorder();
    PubSubComponent replica = create("restartGroup");
    replica.subscribe(SubscribeRequest.of(topic), second);
    List<String> all = new ArrayList<>(sent);
    all.addAll(later);
    await().atMost(WAIT.multipliedBy(2)).until(() -> second.acked.containsAll(all));
  }

  @Test
  void replicasOfOneGroupCompeteAndGroupsEachGetEveryMessage() throws Exception {
    // Where replicas of one consumerID do not compete (MQTT: it is the session's client id), the
    // second replica is left out and only the groups' fan-out is checked.
    boolean compete = replicasOfAConsumerIdCompete();
    String topic = topic("groupsTopic");
    PubSubComponent a1 = create("appA");
    PubSubComponent b = create("appB");
    Recorder ra1 = new Recorder();
    Recorder ra2 = new Recorder();
    Recorder rb = new Recorder();
    a1.subscribe(SubscribeRequest.of(topic), ra1);
    if (compete) {
      create("appA").subscribe(SubscribeRequest.of(topic), ra2);
    }
    b.subscribe(SubscribeRequest.of(topic), rb);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String body = "m-" + run + "-" + i;
      sent.add(body);
      a1.publish(new PublishRequest(topic, utf8(body), Map.of("partitionKey", "k" + i), null));
    }
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Set<String> both = new HashSet<>(ra1.acked);
              both.addAll(ra2.acked);
              return both.containsAll(sent) && rb.acked.containsAll(sent);
            });
    Set<String> overlap = new HashSet<>(ra1.acked);
    overlap.retainAll(ra2.acked);
    assertThat(overlap).as("a message goes to one replica of a group").isEmpty();
  }

  @Test
  void publishMetadataReachesTheSubscriber() throws Exception {
    // A broker without metadata (MQTT 3) must still deliver the message it was published with.
    PubSubComponent c = create("metadataGroup");
    String topic = topic("metadataTopic");
    BlockingQueue<PubSubMessage> got = new LinkedBlockingQueue<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          got.add(m);
          a.ack();
        });
    c.publish(
        new PublishRequest(topic, utf8("with-metadata"), Map.of("x-custom", "value-1"), null));
    PubSubMessage m = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(m).isNotNull();
    assertThat(text(m)).isEqualTo("with-metadata");
    if (carriesMetadata()) {
      assertThat(m.metadata()).containsEntry("x-custom", "value-1");
    }
  }

  @Test
  void theComponentHoldsNoMoreUnsettledMessagesThanMaxInFlight() throws Exception {
    PubSubComponent c = create("flowGroup");
    String topic = topic("flowTopic");
    List<Acknowledgement> unsettled = new CopyOnWriteArrayList<>();
    AtomicInteger delivered = new AtomicInteger();
    c.subscribe(
        new SubscribeRequest(topic, Map.of(), 5),
        (m, a) -> {
          delivered.incrementAndGet();
          unsettled.add(a);
        });
    publish(c, topic, "flow-" + run + "-", 12);
    await().atMost(WAIT).until(() -> delivered.get() == 5);
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(delivered).as("no more than maxInFlight unsettled").hasValue(5);
    for (Acknowledgement a : List.copyOf(unsettled)) {
      unsettled.remove(a);
      a.ack();
    }
    await().atMost(WAIT).until(() -> delivered.get() == 10);
    List.copyOf(unsettled).forEach(Acknowledgement::ack);
    await().atMost(WAIT).until(() -> delivered.get() == 12);
  }

  // ---- runtime scenarios (SEMANTICS.md §2.5) ----

  /** An order in the runtime scenarios. */
  public record Order(String id, double total) {}

  @Test
  void rulesRouteInOrderAndTheFirstMatchWins() throws Exception {
    Plumb plumb = plumb("router");
    PubSub pubsub = plumb.pubSub("pubsub");
    String topic = topic("order1");
    Map<String, List<String>> byPath = new ConcurrentHashMap<>();
    for (String path : List.of("/type", "/topic", "/default")) {
      pubsub.bind(
          path,
          Order.class,
          e -> {
            byPath.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(e.data().id());
            return null;
          });
    }
    pubsub.subscribe(
        topic,
        TopicRoutes.builder()
            .rule("event.type == 'com.dapr.event.sent'", "/type")
            .rule("event.topic == '" + topic + "'", "/topic")
            .defaultRoute("/default")
            .build(),
        SubscribeOptions.DEFAULT);
    pubsub.publish(topic, new Order("sent", 1));
    pubsub.publish(
        topic, new Order("custom", 1), PublishOptions.builder().cloudEventType("custom").build());
    await().atMost(WAIT).until(() -> byPath.values().stream().mapToInt(List::size).sum() == 2);
    assertThat(byPath)
        .containsOnly(Map.entry("/type", List.of("sent")), Map.entry("/topic", List.of("custom")));
  }

  @Test
  void anUnroutedEventAndAFailingOneReachTheDeadLetterTopicAsPublished() throws Exception {
    Plumb plumb = plumb("dlq");
    PubSub pubsub = plumb.pubSub("pubsub");
    String topic = topic("a");
    String dead = topic("deadletter");
    BlockingQueue<CloudEvent> dlq = new LinkedBlockingQueue<>();
    pubsub.subscribe(
        dead,
        CloudEvent.class,
        e -> {
          dlq.add(e.data());
          return null;
        });
    pubsub.bind(
        "/fails",
        Order.class,
        e -> {
          throw new IllegalStateException("poison");
        });
    pubsub.subscribe(
        topic,
        TopicRoutes.builder().rule("event.data.total > 100.0", "/fails").build(),
        SubscribeOptions.builder().deadLetterTopic(dead).build());
    pubsub.publish(
        topic, new Order("unrouted", 1), PublishOptions.builder().cloudEventId("e-1").build());
    pubsub.publish(
        topic, new Order("poison", 500), PublishOptions.builder().cloudEventId("e-2").build());
    Map<String, CloudEvent> got = new HashMap<>();
    while (got.size() < 2) {
      CloudEvent e = dlq.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(e).as("a dead-lettered event").isNotNull();
      got.put(e.id(), e);
    }
    assertThat(got.get("e-1").topic()).isEqualTo(topic);
    assertThat(got.get("e-2").topic()).isEqualTo(topic);
    assertThat(got.get("e-2").dataAsString()).contains("poison");
  }

  @Test
  void rawPayloadSubscriptionsSeeTheBrokersExactBytesWrapped() throws Exception {
    Plumb plumb = plumb("raw");
    PubSub pubsub = plumb.pubSub("pubsub");
    String topic = topic("raw");
    BlockingQueue<CloudEvent> got = new LinkedBlockingQueue<>();
    pubsub.subscribe(
        topic,
        CloudEvent.class,
        e -> {
          got.add(e.data());
          return null;
        },
        SubscribeOptions.builder().rawPayload(true).build());
    byte[] bytes = {0, 1, 2, (byte) 0xfe};
    pubsub.publish(topic, bytes, PublishOptions.builder().rawPayload(true).build());
    pubsub.publish(topic, "enveloped");
    CloudEvent first = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    CloudEvent second = got.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(first).as("the first of two deliveries").isNotNull();
    assertThat(second).as("the second of two deliveries").isNotNull();
    // Order across two publishes is not part of the contract (parallel delivery may swap them).
    boolean rawFirst = Arrays.equals(first.data(), bytes);
    CloudEvent raw = rawFirst ? first : second;
    CloudEvent wrapped = rawFirst ? second : first;
    assertThat(raw.data()).isEqualTo(bytes);
    assertThat(raw.datacontenttype()).isEqualTo("application/octet-stream");
    assertThat(raw.type()).isEqualTo("com.dapr.event.sent");
    assertThat(raw.specversion()).isEqualTo("1.0");
    assertThat(raw.topic()).isEqualTo(topic);
    assertThat(raw.pubsubname()).isEqualTo("pubsub");
    assertThat(wrapped.dataAsString()).contains("\"specversion\"").contains("enveloped");
  }

  @Test
  void anExpiredEventIsNotDelivered() throws Exception {
    Plumb plumb = plumb("ttl");
    PubSub pubsub = plumb.pubSub("pubsub");
    String topic = topic("ttl");
    List<String> seen = new CopyOnWriteArrayList<>();
    pubsub.subscribe(
        topic,
        CloudEvent.class,
        e -> {
          seen.add(e.data().id());
          return null;
        },
        SubscribeOptions.builder().concurrency(1).build());
    String past = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
    CloudEvent expired =
        CloudEvent.builder().id("expired").data("x").extension("expiration", past).build();
    pubsub.publish(topic, expired);
    pubsub.publish(
        topic,
        "fresh",
        PublishOptions.builder().cloudEventId("fresh").ttl(Duration.ofMinutes(5)).build());
    await().atMost(WAIT).until(() -> seen.contains("fresh"));
    await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(seen).containsExactly("fresh");
  }

  @Test
  void handlersRetryAndDropAsDaprSays() throws Exception {
    Plumb plumb = plumb("results");
    PubSub pubsub = plumb.pubSub("pubsub");
    String topic = topic("results");
    Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    pubsub.subscribe(
        topic,
        String.class,
        e -> {
          int n = attempts.computeIfAbsent(e.data(), k -> new AtomicInteger()).incrementAndGet();
          if (e.data().equals("drop")) {
            return DeliveryResult.DROP;
          }
          return n == 1 ? DeliveryResult.RETRY : DeliveryResult.SUCCESS;
        });
    pubsub.publish(topic, "drop");
    pubsub.publish(topic, "retry-once");
    await()
        .atMost(WAIT.multipliedBy(2))
        .until(() -> attempts.containsKey("retry-once") && attempts.get("retry-once").get() == 2);
    assertThat(attempts.get("drop")).hasValue(1);
  }
}
