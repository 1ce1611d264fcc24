package dev.plumb.bindings.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.common.kafka.DaprPartitioner;
import dev.plumb.common.kafka.KafkaTestBroker;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka binding through Plumb and on its own, on a real Kafka 4 broker (KRaft, in this JVM).
 */
class KafkaBindingIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  static String unique(String what) {
    return "plumb-it-binding-" + what + "-" + UUID.randomUUID();
  }

  /** The broker's metadata, writing and reading {@code topic} in {@code group}. */
  static Map<String, String> metadata(String topic, String group) {
    try {
      Map<String, String> md = new HashMap<>(KafkaTestBroker.shared().metadata());
      md.put("publishTopic", topic);
      md.put("topics", topic);
      md.put("consumerGroup", group);
      return md;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void createSendsKeyAndHeadersAndTheReaderDeliversThemAsMetadata() {
    String topic = unique("orders");
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    try (Plumb plumb =
        Plumb.builder()
            .component("orders", "bindings.kafka", metadata(topic, topic + "-group"))
            .deferStart()
            .build()) {
      plumb
          .inputBinding("orders")
          .subscribe(
              e -> {
                events.add(e);
                return null;
              });
      plumb.start();
      plumb
          .outputBinding("orders")
          .invoke(
              "create",
              "order-7 placed",
              Map.of("partitionKey", "order-7", "X-Tenant", "acme", "contentType", "text/plain"));
      await().atMost(WAIT).until(() -> !events.isEmpty());
    }
    BindingEvent e = events.get(0);
    assertThat(e.dataAsString()).isEqualTo("order-7 placed");
    assertThat(e.contentType()).isEqualTo("text/plain");
    assertThat(e.metadata())
        .containsEntry("__key", "order-7")
        .containsEntry("__topic", topic)
        .containsEntry(
            "__partition",
            Integer.toString(
                DaprPartitioner.partition("order-7".getBytes(StandardCharsets.UTF_8), 3)))
        .containsEntry("X-Tenant", "acme")
        .containsKeys("__offset", "__timestamp");
  }

  @Test
  void aFailedRecordIsReadAgainAndItsOffsetIsCommittedOnlyOnceItsHandlerSucceeded()
      throws Exception {
    String topic = unique("redeliver");
    Map<String, String> md = metadata(topic, topic + "-group");
    try (TestComponentContext ctx = new TestComponentContext("jobs", "bindings.kafka", md)) {
      InputOutputBindingComponent binding = ctx.createComponent(InputOutputBindingComponent.class);
      try {
        for (String job : List.of("a", "poison", "b")) {
          // One key: one partition, so the order is Kafka's.
          binding.invoke(
              new InvokeRequest(
                  "create", job.getBytes(StandardCharsets.UTF_8), Map.of("partitionKey", "k")));
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean healed = new AtomicBoolean();
        Subscription reader =
            binding.read(
                e -> {
                  seen.add(e.dataAsString());
                  if (e.dataAsString().equals("poison") && !healed.get()) {
                    throw new IllegalStateException("not yet");
                  }
                  return null;
                });
        await().atMost(WAIT).until(() -> seen.stream().filter("poison"::equals).count() >= 3);
        reader.close();
        assertThat(seen).as("b waits behind the failing record").doesNotContain("b");
        assertThat(seen.get(0)).isEqualTo("a");

        // A new reader in the same group starts at the record that never succeeded.
        seen.clear();
        healed.set(true);
        reader =
            binding.read(
                e -> {
                  seen.add(e.dataAsString());
                  return null;
                });
        await().atMost(WAIT).until(() -> seen.contains("b"));
        reader.close();
        assertThat(seen).containsExactly("poison", "b");

        // Everything handled is committed: a third reader gets nothing.
        seen.clear();
        reader =
            binding.read(
                e -> {
                  seen.add(e.dataAsString());
                  return null;
                });
        try {
          await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(seen::isEmpty);
        } finally {
          reader.close();
        }
      } finally {
        binding.close();
      }
    }
  }

  @Test
  void theRequestsTopicOverridesPublishTopic() {
    String topic = unique("default");
    String other = unique("other");
    try (Plumb plumb =
        Plumb.builder()
            .component("out", "bindings.kafka", metadata(topic, topic + "-group"))
            .build()) {
      plumb.outputBinding("out").invoke("create", "x", Map.of("topic", other));
      plumb.outputBinding("out").invoke("create", "y", Map.of("topic", other));
    }
    assertThat(records(other)).isEqualTo(2);
  }

  @Test
  void badRequestsAreRefusedNamingBindingOperationAndFieldAndSendNothing() {
    String topic = unique("bad");
    Map<String, String> md = metadata(topic, topic + "-group");
    md.remove("publishTopic");
    try (Plumb plumb = Plumb.builder().component("out", "bindings.kafka", md).build()) {
      assertThatThrownBy(() -> plumb.outputBinding("out").invoke("get", "x", Map.of()))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining("output binding 'out' (bindings.kafka)")
          .hasMessageContaining("operation 'get'");
      assertThatThrownBy(() -> plumb.outputBinding("out").invoke("create", "x", Map.of()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(
              "output binding 'out' (bindings.kafka): operation 'create': request metadata"
                  + " 'topic' is required");
      plumb.outputBinding("out").invoke("create", "first", Map.of("topic", topic));
      assertThatThrownBy(
              () ->
                  plumb
                      .outputBinding("out")
                      .invoke("create", "x", Map.of("topic", topic, "partitionNumber", "two")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(
              "output binding 'out' (bindings.kafka): operation 'create': request metadata"
                  + " 'partitionNumber' must be a partition number, got 'two'");
    }
    assertThat(records(topic)).as("only the valid record was sent").isEqualTo(1);
  }

  @Test
  void badMetadataFailsTheBuild() {
    assertThatThrownBy(() -> Plumb.builder().component("k", "bindings.kafka", Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'brokers' is required")
        .hasMessageContaining("metadata 'authType' is required");
    Map<String, String> md = metadata("t", "g");
    md.remove("consumerGroup");
    md.put("initialOffset", "latest");
    assertThatThrownBy(() -> Plumb.builder().component("k", "bindings.kafka", md).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'consumerGroup' is required to read 'topics'")
        .hasMessageContaining("metadata 'initialOffset': expected newest or oldest, got 'latest'");
  }

  /** Counts the records of a topic from its end offsets. */
  private static long records(String topic) {
    Properties p = new Properties();
    try {
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.shared().bootstrap());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      return c.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
