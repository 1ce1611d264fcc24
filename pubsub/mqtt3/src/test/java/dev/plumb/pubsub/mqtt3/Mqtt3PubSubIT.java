package dev.plumb.pubsub.mqtt3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ConfigurationException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What QoS 0, 1 and 2 mean for at-least-once delivery with {@code pubsub.mqtt3}, shared
 * subscriptions, retained messages and metadata errors, on the shared Mosquitto; every client id
 * and topic is unique to the run.
 */
class Mqtt3PubSubIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void brokerIsUp() {
    Mqtt3TestBroker.check();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private PubSubComponent component(String consumerId, Map<String, String> extra) throws Exception {
    Map<String, String> md = new HashMap<>();
    md.put("url", Mqtt3TestBroker.URL);
    md.put("consumerID", consumerId + "-" + run);
    md.putAll(extra);
    TestComponentContext c = new TestComponentContext("mqtt-" + run, "pubsub.mqtt3", md);
    open.add(c);
    PubSubComponent component = c.createComponent(PubSubComponent.class);
    open.add(component);
    return component;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(PubSubMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  /**
   * Subscribes, closes (the client disconnects, its session stays), publishes while it is away,
   * then subscribes again under the same consumerID and returns what arrives.
   */
  private List<String> publishedWhileAway(String qos) throws Exception {
    String topic = "away-" + qos + "-" + run;
    Map<String, String> md = Map.of("qos", qos);
    PubSubComponent first = component("away" + qos, md);
    first.subscribe(SubscribeRequest.of(topic), (m, a) -> a.ack()).close();
    PubSubComponent publisher = component("pub" + qos, md);
    for (int i = 0; i < 5; i++) {
      publisher.publish(PublishRequest.of(topic, utf8("m" + i)));
    }
    List<String> got = new CopyOnWriteArrayList<>();
    PubSubComponent again = component("away" + qos, md);
    again.subscribe(
        SubscribeRequest.of(topic),
        (m, a) -> {
          got.add(text(m));
          a.ack();
        });
    publisher.publish(PublishRequest.of(topic, utf8("after")));
    await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("after"));
    return got;
  }

  @Test
  void atQos1And2ThePersistentSessionKeepsWhatWasPublishedWhileTheSubscriberWasAway()
      throws Exception {
    assertThat(publishedWhileAway("1"))
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "after");
    assertThat(publishedWhileAway("2"))
        .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "after");
  }

  @Test
  void atQos0WhatWasPublishedWhileTheSubscriberWasAwayIsLost() throws Exception {
    assertThat(publishedWhileAway("0")).containsExactly("after");
  }

  @Test
  void atQos1AMessageNeverSettledComesBackWhenTheSessionResumes() throws Exception {
    String topic = "unsettled-" + run;
    PubSubComponent first = component("resume", Map.of());
    List<String> held = new CopyOnWriteArrayList<>();
    Subscription s = first.subscribe(SubscribeRequest.of(topic), (m, a) -> held.add(text(m)));
    first.publish(PublishRequest.of(topic, utf8("in-flight")));
    await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
    s.close();
    List<String> got = new CopyOnWriteArrayList<>();
    component("resume", Map.of())
        .subscribe(
            SubscribeRequest.of(topic),
            (m, a) -> {
              got.add(text(m));
              a.ack();
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("in-flight"));
  }

  @Test
  void sharedSubscriptionMembersCompeteAndOtherClientsGetEverything() throws Exception {
    String topic = "shared-" + run;
    String shared = "$share/group-" + run + "/" + topic;
    List<String> a1 = new CopyOnWriteArrayList<>();
    List<String> a2 = new CopyOnWriteArrayList<>();
    List<String> b = new CopyOnWriteArrayList<>();
    component("a1", Map.of())
        .subscribe(
            SubscribeRequest.of(shared),
            (m, a) -> {
              a1.add(text(m));
              a.ack();
            });
    component("a2", Map.of())
        .subscribe(
            SubscribeRequest.of(shared),
            (m, a) -> {
              a2.add(text(m));
              a.ack();
            });
    component("b", Map.of())
        .subscribe(
            SubscribeRequest.of(topic),
            (m, a) -> {
              b.add(text(m));
              a.ack();
            });
    PubSubComponent publisher = component("p", Map.of());
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add("s" + i);
      publisher.publish(PublishRequest.of(topic, utf8("s" + i)));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a1.size() + a2.size() == 20 && b.size() == 20);
    Set<String> union = new HashSet<>(a1);
    union.addAll(a2);
    assertThat(union).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(a1).as("both members got some").isNotEmpty();
    assertThat(a2).isNotEmpty();
    assertThat(b).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void aRetainedMessageReachesLaterSubscribersMarkedRetained() throws Exception {
    String topic = "retained-" + run;
    PubSubComponent publisher = component("rp", Map.of());
    publisher.publish(
        new PublishRequest(topic, utf8("last value"), Map.of("retain", "true"), null));
    try {
      List<PubSubMessage> got = new CopyOnWriteArrayList<>();
      component("rs", Map.of())
          .subscribe(
              SubscribeRequest.of(topic),
              (m, a) -> {
                got.add(m);
                a.ack();
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
      assertThat(text(got.get(0))).isEqualTo("last value");
      assertThat(got.get(0).metadata()).containsEntry("retained", "true");
    } finally {
      // An empty retained message clears it on the shared broker.
      publisher.publish(new PublishRequest(topic, new byte[0], Map.of("retain", "true"), null));
    }
  }

  @Test
  void badMetadataIsRefusedNamingTheField() {
    for (Map<String, String> md :
        List.of(
            Map.of("url", "tcp://127.0.0.1:1883", "qos", "3"),
            Map.of("url", "http://127.0.0.1"),
            Map.of("url", "tcp://127.0.0.1:1883", "caCert", "x"))) {
      try (TestComponentContext c = new TestComponentContext("bad", "pubsub.mqtt3", md)) {
        assertThatThrownBy(() -> c.createComponent(PubSubComponent.class))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("metadata '");
      }
    }
  }
}
