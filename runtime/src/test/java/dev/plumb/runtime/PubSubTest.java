package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.BulkEntry;
import dev.plumb.api.pubsub.BulkPublishEntry;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.api.pubsub.TopicEvent;
import dev.plumb.api.pubsub.TopicForbiddenException;
import dev.plumb.api.pubsub.TopicRoutes;
import dev.plumb.runtime.internal.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's pub/sub semantics (SEMANTICS.md §2) through {@link Plumb} on the in-memory broker:
 * envelope, raw payloads, routing, dead-letter topics, TTL, bulk, scopes, consumer groups, the
 * drain.
 */
class PubSubTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An order, as the article's publisher sends it. */
  record Order(String id, int total) {}

  @TempDir Path dir;

  private static Plumb.Builder app(String appId, String pubsub, Map<String, String> metadata) {
    return Plumb.builder().appId(appId).component(pubsub, "pubsub.in-memory", metadata);
  }

  private static String name() {
    return "ps-" + Ids.next();
  }

  /** Unique broker names: the in-memory broker is shared by name within the JVM. */
  private static final class Ids {
    private static final AtomicInteger N = new AtomicInteger();

    static int next() {
      return N.incrementAndGet();
    }
  }

  @Test
  void publishWrapsInDaprsEnvelopeAndTheHandlerGetsTheTypedPayload() throws Exception {
    String ps = name();
    BlockingQueue<TopicEvent<Order>> got = new LinkedBlockingQueue<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "orders",
          Order.class,
          e -> {
            got.add(e);
            return DeliveryResult.SUCCESS;
          });
      pubsub.publish(
          "orders",
          new Order("o-1", 42),
          PublishOptions.builder()
              .ttl(Duration.ofMinutes(1))
              .metadata("cloudevent.subject", "sub-1")
              .build());

      TopicEvent<Order> e = got.poll(10, TimeUnit.SECONDS);
      assertThat(e).isNotNull();
      assertThat(e.data()).isEqualTo(new Order("o-1", 42));
      CloudEvent ce = e.cloudEvent();
      assertThat(ce.source()).isEqualTo("checkout");
      assertThat(ce.type()).isEqualTo("com.dapr.event.sent");
      assertThat(ce.specversion()).isEqualTo("1.0");
      assertThat(ce.datacontenttype()).isEqualTo("application/json");
      assertThat(ce.topic()).isEqualTo("orders");
      assertThat(ce.pubsubname()).isEqualTo(ps);
      assertThat(ce.subject()).isEqualTo("sub-1");
      assertThat(ce.id()).hasSize(36);
      assertThat(ce.time()).isNotNull();
      assertThat(ce.extensions()).containsKey("expiration");
      assertThat(OffsetDateTime.parse((String) ce.extensions().get("expiration")))
          .isAfter(OffsetDateTime.now().plusSeconds(30));
      assertThat(e.metadata()).containsEntry("ttlInSeconds", "60");
    }
  }

  @Test
  void theEnvelopeAlwaysCarriesTheTraceFields() throws Exception {
    String ps = name();
    BlockingQueue<byte[]> raw = new LinkedBlockingQueue<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      // A raw-payload subscription sees the broker's exact bytes: the envelope as written.
      pubsub.subscribe(
          "orders",
          byte[].class,
          e -> {
            raw.add(e.data());
            return null;
          },
          SubscribeOptions.builder().rawPayload(true).build());
      pubsub.publish("orders", "hello", PublishOptions.builder().contentType("text/plain").build());
      JsonNode envelope = JSON.readTree(raw.poll(10, TimeUnit.SECONDS));
      assertThat(envelope.has("traceid")).isTrue();
      assertThat(envelope.has("traceparent")).isTrue();
      assertThat(envelope.has("tracestate")).isTrue();
      assertThat(envelope.get("data").asText()).isEqualTo("hello");
      assertThat(envelope.get("datacontenttype").asText()).isEqualTo("text/plain");
    }
  }

  @Test
  void rawPayloadTravelsWithoutEnvelopeAndIsWrappedForRawSubscribers() throws Exception {
    String ps = name();
    BlockingQueue<TopicEvent<byte[]>> got = new LinkedBlockingQueue<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "raw",
          byte[].class,
          e -> {
            got.add(e);
            return null;
          },
          SubscribeOptions.builder().rawPayload(true).build());
      byte[] bytes = {1, 2, 3, (byte) 0xff};
      pubsub.publish("raw", bytes, PublishOptions.builder().rawPayload(true).build());
      TopicEvent<byte[]> e = got.poll(10, TimeUnit.SECONDS);
      assertThat(e.data()).isEqualTo(bytes);
      assertThat(e.cloudEvent().datacontenttype()).isEqualTo("application/octet-stream");
      assertThat(e.cloudEvent().type()).isEqualTo("com.dapr.event.sent");
      assertThat(e.cloudEvent().source()).isEqualTo("Dapr");
      assertThat(e.cloudEvent().topic()).isEqualTo("raw");
      assertThat(e.cloudEvent().pubsubname()).isEqualTo(ps);
    }
  }

  @Test
  void aGivenCloudEventIsPassedThroughWithTopicAndPubsubOverwritten() throws Exception {
    String ps = name();
    BlockingQueue<CloudEvent> got = new LinkedBlockingQueue<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "orders",
          CloudEvent.class,
          e -> {
            got.add(e.data());
            return null;
          });
      String given =
          "{\"specversion\":\"1.0\",\"id\":\"my-id\",\"source\":\"legacy\",\"type\":\"order.placed\","
              + "\"topic\":\"elsewhere\",\"datacontenttype\":\"application/json\","
              + "\"data\":{\"id\":\"o-9\"},\"region\":\"eu\"}";
      pubsub.publish(
          "orders",
          given.getBytes(StandardCharsets.UTF_8),
          PublishOptions.builder().contentType("application/cloudevents+json").build());
      CloudEvent ce = got.poll(10, TimeUnit.SECONDS);
      assertThat(ce.id()).isEqualTo("my-id");
      assertThat(ce.source()).isEqualTo("legacy");
      assertThat(ce.type()).isEqualTo("order.placed");
      assertThat(ce.topic()).isEqualTo("orders");
      assertThat(ce.pubsubname()).isEqualTo(ps);
      assertThat(ce.time()).isNotNull();
      assertThat(ce.extensions()).containsEntry("region", "eu");
      assertThat(ce.dataAsString()).isEqualTo("{\"id\":\"o-9\"}");
    }
  }

  @Test
  void rulesAreTriedInOrderAndTheFirstMatchWins() throws Exception {
    String ps = name();
    Map<String, List<String>> byPath = new ConcurrentHashMap<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      for (String path : List.of("/type", "/topic", "/big", "/default")) {
        pubsub.bind(
            path,
            Order.class,
            e -> {
              byPath
                  .computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>()))
                  .add(e.data().id());
              return null;
            });
      }
      pubsub.subscribe(
          "order1",
          TopicRoutes.builder()
              .rule("event.type == 'com.dapr.event.sent'", "/type")
              .rule("event.topic == 'order1'", "/topic")
              .defaultRoute("/default")
              .build(),
          SubscribeOptions.DEFAULT);
      pubsub.subscribe(
          "order2",
          TopicRoutes.builder()
              .rule("event.data.total > 100.0", "/big")
              .rule("", "/topic")
              .defaultRoute("/default")
              .build(),
          SubscribeOptions.DEFAULT);
      pubsub.publish("order1", new Order("a", 1));
      pubsub.publish("order2", new Order("b", 500));
      pubsub.publish("order2", new Order("c", 5));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> byPath.values().stream().mapToInt(List::size).sum() == 3);
      assertThat(byPath)
          .containsOnly(
              Map.entry("/type", List.of("a")),
              Map.entry("/big", List.of("b")),
              Map.entry("/topic", List.of("c")));
    }
  }

  @Test
  void anEventMatchingNoRuleIsAcknowledgedAndDeadLettered() throws Exception {
    String ps = name();
    BlockingQueue<CloudEvent> dlq = new LinkedBlockingQueue<>();
    AtomicInteger routed = new AtomicInteger();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.bind(
          "/big",
          Order.class,
          e -> {
            routed.incrementAndGet();
            return null;
          });
      pubsub.subscribe(
          "dead",
          CloudEvent.class,
          e -> {
            dlq.add(e.data());
            return null;
          });
      pubsub.subscribe(
          "orders",
          TopicRoutes.builder().rule("event.data.total > 100.0", "/big").build(),
          SubscribeOptions.builder().deadLetterTopic("dead").build());
      pubsub.publish("orders", new Order("small", 1));
      CloudEvent dead = dlq.poll(10, TimeUnit.SECONDS);
      assertThat(dead).isNotNull();
      assertThat(dead.topic()).as("the original event, topic unchanged").isEqualTo("orders");
      assertThat(routed).hasValue(0);
    }
  }

  @Test
  void aFailingDeliveryGoesToTheDeadLetterTopicWithTheOriginalEvent() throws Exception {
    String ps = name();
    BlockingQueue<CloudEvent> dlq = new LinkedBlockingQueue<>();
    AtomicInteger attempts = new AtomicInteger();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "orders-failed",
          CloudEvent.class,
          e -> {
            dlq.add(e.data());
            return null;
          });
      pubsub.subscribe(
          "orders",
          Order.class,
          e -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("poison");
          },
          SubscribeOptions.builder().deadLetterTopic("orders-failed").build());
      pubsub.publish(
          "orders", new Order("poison", 1), PublishOptions.builder().cloudEventId("e-1").build());
      CloudEvent dead = dlq.poll(10, TimeUnit.SECONDS);
      assertThat(dead.id()).isEqualTo("e-1");
      assertThat(dead.topic()).isEqualTo("orders");
      assertThat(JSON.readTree(dead.data()).get("id").asText()).isEqualTo("poison");
      assertThat(attempts).as("no retry policy: one attempt").hasValue(1);
    }
  }

  @Test
  void dropAcknowledgesAndDeadLetters() throws Exception {
    String ps = name();
    BlockingQueue<CloudEvent> dlq = new LinkedBlockingQueue<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "dlq",
          CloudEvent.class,
          e -> {
            dlq.add(e.data());
            return null;
          });
      pubsub.subscribe(
          "orders",
          Order.class,
          e -> DeliveryResult.DROP,
          SubscribeOptions.builder().deadLetterTopic("dlq").build());
      pubsub.publish("orders", new Order("x", 1));
      assertThat(dlq.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aFailingDeliveryWithoutDeadLetterTopicIsRedeliveredNotLost() throws Exception {
    String ps = name();
    ManualScheduler clock = new ManualScheduler();
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    try (Plumb plumb = app("checkout", ps, Map.of()).scheduler(clock).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "orders",
          Order.class,
          e -> {
            if (attempts.incrementAndGet() < 3) {
              return DeliveryResult.RETRY;
            }
            done.countDown();
            return DeliveryResult.SUCCESS;
          });
      pubsub.publish("orders", new Order("x", 1));
      await().atMost(Duration.ofSeconds(10)).untilAtomic(attempts, org.hamcrest.Matchers.is(1));
      clock.advance(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).untilAtomic(attempts, org.hamcrest.Matchers.is(2));
      clock.advance(Duration.ofSeconds(5));
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void eventsOfOneOrderingKeyAreHandledInOrderEvenWhenOneIsRetried() throws Exception {
    String ps = name();
    ManualScheduler clock = new ManualScheduler();
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    try (Plumb plumb = app("checkout", ps, Map.of()).scheduler(clock).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "orders",
          Integer.class,
          e -> {
            if (e.data() == 3 && failures.getAndIncrement() == 0) {
              return DeliveryResult.RETRY;
            }
            seen.add(e.data());
            return null;
          },
          SubscribeOptions.builder().concurrency(8).build());
      for (int i = 0; i < 20; i++) {
        pubsub.publish("orders", i, PublishOptions.builder().metadata("partitionKey", "k").build());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() == 1);
      assertThat(seen).containsExactly(0, 1, 2);
      clock.advance(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20);
      assertThat(seen).isEqualTo(IntStream.range(0, 20).boxed().collect(Collectors.toList()));
    }
  }

  @Test
  void anExpiredEventIsNotDelivered() throws Exception {
    String ps = name();
    ManualScheduler clock = new ManualScheduler();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch blocking = new CountDownLatch(1);
    BlockingQueue<byte[]> dlq = new LinkedBlockingQueue<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).scheduler(clock).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      // The dead-letter topic gets the original bytes, expiration included: read them raw.
      pubsub.subscribe(
          "expired",
          byte[].class,
          e -> {
            dlq.add(e.data());
            return null;
          },
          SubscribeOptions.builder().rawPayload(true).build());
      pubsub.subscribe(
          "orders",
          String.class,
          e -> {
            if (e.data().equals("first")) {
              blocking.await();
            }
            seen.add(e.data());
            return null;
          },
          SubscribeOptions.builder().concurrency(1).deadLetterTopic("expired").build());
      pubsub.publish("orders", "first");
      pubsub.publish(
          "orders", "short-lived", PublishOptions.builder().ttl(Duration.ofSeconds(1)).build());
      pubsub.publish("orders", "last");
      clock.advance(Duration.ofSeconds(2));
      blocking.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      assertThat(seen).containsExactly("first", "last");
      JsonNode dead = JSON.readTree(dlq.poll(10, TimeUnit.SECONDS));
      assertThat(dead.get("data").asText()).isEqualTo("short-lived");
      assertThat(dead.get("topic").asText()).isEqualTo("orders");
    }
  }

  @Test
  void bulkSubscriptionsGetBatchesAndOnlyUnansweredEntriesAreRetried() throws Exception {
    String ps = name();
    ManualScheduler clock = new ManualScheduler();
    List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
    try (Plumb plumb = app("checkout", ps, Map.of()).scheduler(clock).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribeBulk(
          "orders",
          Integer.class,
          entries -> {
            batchSizes.add(entries.size());
            Map<String, DeliveryResult> results = new HashMap<>();
            for (BulkEntry<Integer> e : entries) {
              int n = attempts.merge(e.event().data(), 1, Integer::sum);
              // Even entries succeed; odd ones are left unanswered once, which means RETRY.
              if (e.event().data() % 2 == 0 || n > 1) {
                results.put(e.entryId(), DeliveryResult.SUCCESS);
              }
            }
            return results;
          },
          SubscribeOptions.builder().maxMessagesCount(10).concurrency(1).build());
      for (int i = 0; i < 10; i++) {
        pubsub.publish("orders", i);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !batchSizes.isEmpty());
      assertThat(batchSizes.get(0)).isEqualTo(10);
      // The five unanswered entries come back after the redelivery delay; the batch then fills
      // only after maxAwaitDuration.
      clock.advance(Duration.ofSeconds(5));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> attempts.values().stream().allMatch(n -> n >= (1)) && attempts.size() == 10);
      clock.advance(Duration.ofSeconds(1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  attempts.entrySet().stream()
                      .filter(e -> e.getKey() % 2 == 1)
                      .allMatch(e -> e.getValue() == 2));
      assertThat(attempts.entrySet().stream().filter(e -> e.getKey() % 2 == 0))
          .allMatch(e -> e.getValue() == 1);
    }
  }

  @Test
  void bulkPublishReportsPerEntryAndDeliversEach() throws Exception {
    String ps = name();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.subscribe(
          "orders",
          String.class,
          e -> {
            seen.add(e.data());
            return null;
          });
      BulkPublishResult r =
          pubsub.publishBulk(
              "orders",
              List.of(
                  new BulkPublishEntry("1", "a", "text/plain", Map.of()),
                  BulkPublishEntry.of("2", "b")));
      assertThat(r.allPublished()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      assertThat(seen).containsExactlyInAnyOrder("a", "b");
      assertThatThrownBy(
              () ->
                  pubsub.publishBulk(
                      "orders",
                      List.of(BulkPublishEntry.of("1", "a"), BulkPublishEntry.of("1", "b"))))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void replicasOfOneAppCompeteAndOtherAppsGetEveryEvent() throws Exception {
    String ps = name();
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    List<Plumb> apps = new ArrayList<>();
    try {
      for (String app : List.of("billing", "billing", "shipping")) {
        Plumb p = app(app, ps, Map.of()).build();
        apps.add(p);
        String who = app + "-" + apps.size();
        p.pubSub(ps)
            .subscribe(
                "orders",
                Integer.class,
                e -> {
                  counts.computeIfAbsent(who, k -> new AtomicInteger()).incrementAndGet();
                  return null;
                });
      }
      for (int i = 0; i < 200; i++) {
        apps.get(0).pubSub(ps).publish("orders", i);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  counts.getOrDefault("shipping-3", new AtomicInteger()).get() == 200
                      && counts.getOrDefault("billing-1", new AtomicInteger()).get()
                              + counts.getOrDefault("billing-2", new AtomicInteger()).get()
                          == 200);
      assertThat(counts.get("billing-1").get()).isPositive();
      assertThat(counts.get("billing-2").get()).isPositive();
    } finally {
      apps.forEach(Plumb::close);
    }
  }

  @Test
  void topicScopesForbidPublishingAndSubscribing() {
    String ps = name();
    try (Plumb plumb =
        app(
                "checkout",
                ps,
                Map.of(
                    "publishingScopes", "checkout=orders;other=x",
                    "subscriptionScopes", "checkout=",
                    "protectedTopics", "secret"))
            .build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.publish("orders", 1);
      assertThatThrownBy(() -> pubsub.publish("payments", 1))
          .isInstanceOf(TopicForbiddenException.class)
          .hasMessageContaining("payments")
          .hasMessageContaining("checkout")
          .hasMessageContaining(ps);
      assertThatThrownBy(() -> pubsub.subscribe("orders", Integer.class, e -> null))
          .isInstanceOf(TopicForbiddenException.class);
    }
    try (Plumb plumb = app("checkout", ps, Map.of("allowedTopics", "a,b")).build()) {
      plumb.pubSub(ps).publish("a", 1);
      assertThatThrownBy(() -> plumb.pubSub(ps).publish("c", 1))
          .isInstanceOf(TopicForbiddenException.class);
    }
  }

  @Test
  void yamlSubscriptionsRouteToBoundPathsOnceStarted() throws Exception {
    String ps = name();
    TestFiles.write(dir, "pubsub.yaml", TestFiles.component(ps, "pubsub.in-memory"));
    TestFiles.write(
        dir,
        "sub.yaml",
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: orders-sub\n"
            + "spec:\n  pubsubname: "
            + ps
            + "\n  topic: orders\n  routes:\n    rules:\n      - match: event.data.total > 100.0\n"
            + "        path: /big\n    default: /orders\n  deadLetterTopic: orders-failed\n");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (Plumb plumb = Plumb.builder().appId("checkout").resources(dir).deferStart().build()) {
      PubSub pubsub = plumb.pubSub(ps);
      pubsub.bind("/big", Order.class, e -> seen.add("big:" + e.data().id()) ? null : null);
      pubsub.bind("/orders", Order.class, e -> seen.add("small:" + e.data().id()) ? null : null);
      plumb.start();
      pubsub.publish("orders", new Order("a", 500));
      pubsub.publish("orders", new Order("b", 5));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      assertThat(seen).containsExactlyInAnyOrder("big:a", "small:b");
    }
  }

  @Test
  void startFailsNamingTheFileWhenARoutedPathIsNotBound() {
    String ps = name();
    TestFiles.write(dir, "pubsub.yaml", TestFiles.component(ps, "pubsub.in-memory"));
    TestFiles.write(
        dir,
        "sub.yaml",
        "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: orders-sub\n"
            + "spec:\n  topic: orders\n  route: /orders\n  pubsubname: "
            + ps
            + "\n");
    assertThatThrownBy(() -> Plumb.builder().appId("checkout").resources(dir).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sub.yaml")
        .hasMessageContaining("/orders")
        .hasMessageContaining("deferStart");
  }

  @Test
  void anInvalidRuleFailsTheBuildNamingTheFile() {
    String ps = name();
    TestFiles.write(dir, "pubsub.yaml", TestFiles.component(ps, "pubsub.in-memory"));
    TestFiles.write(
        dir,
        "sub.yaml",
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: bad\n"
            + "spec:\n  pubsubname: "
            + ps
            + "\n  topic: orders\n  routes:\n    rules:\n      - match: event.type ==\n"
            + "        path: /x\n");
    assertThatThrownBy(() -> Plumb.builder().appId("checkout").resources(dir).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sub.yaml")
        .hasMessageContaining("rule 0");
  }

  @Test
  void closeFinishesInFlightHandlersAndLeavesTheRestForTheGroup() throws Exception {
    String ps = name();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> first = Collections.synchronizedList(new ArrayList<>());
    List<Integer> second = Collections.synchronizedList(new ArrayList<>());
    try (Plumb keeper = app("keeper", ps, Map.of()).build()) {
      // Holds the broker open while the subscriber's instance closes and a new one starts.
      keeper.pubSub(ps);
      Plumb plumb = app("billing", ps, Map.of()).build();
      plumb
          .pubSub(ps)
          .subscribe(
              "orders",
              Integer.class,
              e -> {
                if (e.data() == 0) {
                  started.countDown();
                  release.await();
                }
                first.add(e.data());
                return null;
              },
              SubscribeOptions.builder().concurrency(1).build());
      for (int i = 0; i < 5; i++) {
        keeper.pubSub(ps).publish("orders", i);
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      Thread closer = new Thread(plumb::close);
      closer.start();
      await()
          .pollDelay(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(5))
          .until(closer::isAlive);
      release.countDown();
      closer.join(10_000);
      assertThat(first).containsExactly(0);
      try (Plumb again = app("billing", ps, Map.of()).build()) {
        again
            .pubSub(ps)
            .subscribe(
                "orders",
                Integer.class,
                e -> {
                  second.add(e.data());
                  return null;
                },
                SubscribeOptions.builder().concurrency(1).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> second.size() == 4);
        assertThat(second).containsExactly(1, 2, 3, 4);
      }
    }
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() throws Exception {
    String ps = name();
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    try (Plumb plumb = app("checkout", ps, Map.of()).build()) {
      PubSub pubsub = plumb.pubSub(ps);
      Subscription s =
          pubsub.subscribe(
              "orders",
              Integer.class,
              e -> {
                seen.add(e.data());
                return null;
              });
      pubsub.publish("orders", 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
      s.close();
      pubsub.publish("orders", 2);
      List<Integer> other = Collections.synchronizedList(new ArrayList<>());
      pubsub.subscribe(
          "orders",
          Integer.class,
          e -> {
            other.add(e.data());
            return null;
          });
      await().atMost(Duration.ofSeconds(10)).until(() -> other.size() == 1);
      assertThat(other).containsExactly(2);
      assertThat(seen).containsExactly(1);
    }
  }
}
