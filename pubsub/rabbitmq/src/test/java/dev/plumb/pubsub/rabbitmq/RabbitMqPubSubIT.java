package dev.plumb.pubsub.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code pubsub.rabbitmq} adds to the kit, on the shared RabbitMQ, every name unique to the
 * run: topic exchanges and routing keys, the dead-letter exchange, message TTL, queue length limits
 * and persistent delivery, each checked on the broker with a raw client.
 */
class RabbitMqPubSubIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> open = new ArrayList<>();
  private Connection raw;
  private Channel ch;

  @BeforeEach
  void connect() throws Exception {
    raw = RabbitMqTestBroker.connect();
    ch = raw.createChannel();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    raw.close();
  }

  private PubSubComponent component(Map<String, String> extra) throws Exception {
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", RabbitMqTestBroker.URL);
    md.put("consumerID", "it-" + run);
    md.put("durable", "false");
    md.put("deletedWhenUnused", "true");
    md.putAll(extra);
    TestComponentContext c = new TestComponentContext("rmq-" + run, "pubsub.rabbitmq", md);
    open.add(c);
    PubSubComponent component = c.createComponent(PubSubComponent.class);
    open.add(component);
    return component;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private long depth(String queue) throws Exception {
    return ch.queueDeclarePassive(queue).getMessageCount();
  }

  @Test
  void aTopicExchangeRoutesByTheSubscriptionsRoutingKeys() throws Exception {
    PubSubComponent c = component(Map.of("exchangeKind", "topic"));
    String topic = "orders-" + run;
    List<String> got = new CopyOnWriteArrayList<>();
    c.subscribe(
        new SubscribeRequest(topic, Map.of("routingKey", "eu.*,us.big"), 10),
        (m, a) -> {
          got.add(new String(m.data(), StandardCharsets.UTF_8));
          a.ack();
        });
    for (String key : List.of("eu.small", "us.small", "us.big", "asia.big")) {
      c.publish(new PublishRequest(topic, utf8(key), Map.of("routingKey", key), null));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
    await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
    assertThat(got).containsExactlyInAnyOrder("eu.small", "us.big");
  }

  @Test
  void withADeadLetterExchangeANegativeAcknowledgementMovesTheMessageToTheDeadLetterQueue()
      throws Exception {
    PubSubComponent c = component(Map.of("enableDeadLetter", "true"));
    String topic = "dlx-" + run;
    String queue = "it-" + run + "-" + topic;
    List<PubSubMessage> got = new CopyOnWriteArrayList<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          got.add(m);
          a.nack(Duration.ofMillis(100));
        });
    c.publish(PublishRequest.of(topic, utf8("poison")));
    await().atMost(Duration.ofSeconds(10)).until(() -> depth("dlq-" + queue) == 1);
    GetResponse dead = ch.basicGet("dlq-" + queue, true);
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("poison");
    assertThat(got).hasSize(1);
  }

  @Test
  void withoutADeadLetterExchangeANegativeAcknowledgementRedeliversAfterTheDelay()
      throws Exception {
    PubSubComponent c = component(Map.of());
    String topic = "requeue-" + run;
    List<Long> at = new CopyOnWriteArrayList<>();
    c.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          at.add(System.nanoTime());
          if (at.size() == 1) {
            a.nack(Duration.ofMillis(700));
          } else {
            a.ack();
          }
        });
    c.publish(PublishRequest.of(topic, utf8("again")));
    await().atMost(Duration.ofSeconds(10)).until(() -> at.size() == 2);
    assertThat(Duration.ofNanos(at.get(1) - at.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }

  @Test
  void messagesExpireAfterTheirTtlAndQueuesKeepMaxLen() throws Exception {
    PubSubComponent c = component(Map.of("maxLen", "3", "deletedWhenUnused", "false"));
    String ttlTopic = "ttl-" + run;
    String lenTopic = "len-" + run;
    String ttlQueue = "it-" + run + "-" + ttlTopic;
    String lenQueue = "it-" + run + "-" + lenTopic;
    try {
      // Declare the queues, then stop consuming so that messages stay in them.
      c.subscribe(SubscribeRequest.of(ttlTopic), (m, a) -> {}).close();
      c.subscribe(SubscribeRequest.of(lenTopic), (m, a) -> {}).close();
      c.publish(new PublishRequest(ttlTopic, utf8("short"), Map.of("ttlInSeconds", "1"), null));
      c.publish(new PublishRequest(ttlTopic, utf8("long"), Map.of("ttlInSeconds", "60"), null));
      for (int i = 0; i < 5; i++) {
        c.publish(PublishRequest.of(lenTopic, utf8("m" + i)));
      }
      assertThat(depth(lenQueue)).isEqualTo(3);
      assertThat(new String(ch.basicGet(lenQueue, true).getBody(), StandardCharsets.UTF_8))
          .as("the oldest are dropped")
          .isEqualTo("m2");
      await().atMost(Duration.ofSeconds(10)).until(() -> depth(ttlQueue) == 1);
      GetResponse left = ch.basicGet(ttlQueue, true);
      assertThat(new String(left.getBody(), StandardCharsets.UTF_8)).isEqualTo("long");
      assertThat(left.getProps().getExpiration()).isEqualTo("60000");
    } finally {
      ch.queueDelete(ttlQueue);
      ch.queueDelete(lenQueue);
    }
  }

  @Test
  void deliveryModeTwoPublishesPersistentMessagesWithTheirMetadataAsHeaders() throws Exception {
    PubSubComponent c =
        component(
            Map.of(
                "deliveryMode", "2",
                "publishMessagePropertiesToMetadata", "true",
                "deletedWhenUnused", "false"));
    String topic = "persistent-" + run;
    String queue = "it-" + run + "-" + topic;
    List<PubSubMessage> got = new CopyOnWriteArrayList<>();
    Subscription s =
        c.subscribe(
            SubscribeRequest.of(topic),
            (m, a) -> {
              got.add(m);
              a.ack();
            });
    try {
      c.publish(
          new PublishRequest(
              topic, utf8("{}"), Map.of("messageID", "id-1", "x-k", "v"), "application/json"));
      await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
      s.close();
      PubSubMessage m = got.get(0);
      assertThat(m.contentType()).isEqualTo("application/json");
      assertThat(m.metadata())
          .containsEntry("x-k", "v")
          .containsEntry("metadata.messageid", "id-1");
      c.publish(PublishRequest.of(topic, utf8("p")));
      assertThat(ch.basicGet(queue, true).getProps().getDeliveryMode()).isEqualTo(2);
    } finally {
      ch.queueDelete(queue);
      ch.exchangeDelete(topic);
    }
  }

  @Test
  void publishingWorksAgainAfterTheExchangeWasDeletedWithItsLastQueue() throws Exception {
    PubSubComponent c = component(Map.of());
    String topic = "autodelete-" + run;
    c.publish(PublishRequest.of(topic, utf8("nobody listens")));
    c.subscribe(SubscribeRequest.of(topic), (m, a) -> a.ack()).close();
    // The queue went with its consumer and the exchange with its last binding.
    await().atMost(Duration.ofSeconds(10)).until(() -> !exchangeExists(topic));
    c.publish(PublishRequest.of(topic, utf8("again")));
    assertThat(exchangeExists(topic)).isTrue();
  }

  private boolean exchangeExists(String name) throws Exception {
    try (Channel probe = raw.createChannel()) {
      probe.exchangeDeclarePassive(name);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void badSubscriptionMetadataIsRefusedNamingComponentTopicAndField() throws Exception {
    PubSubComponent c = component(Map.of());
    String topic = "badsub-" + run;
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                c.subscribe(
                    new SubscribeRequest(topic, Map.of("queueType", "weird"), 10), (m, a) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("rmq-" + run, topic, "queueType");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                c.subscribe(new SubscribeRequest(topic, Map.of("maxLen", "-3"), 10), (m, a) -> {}))
        .hasMessageContainingAll(topic, "maxLen");
    ch.exchangeDelete(topic);
  }
}
