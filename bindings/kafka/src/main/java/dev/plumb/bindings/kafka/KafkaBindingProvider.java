package dev.plumb.bindings.kafka;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.kafka.KafkaClientProperties;
import dev.plumb.common.kafka.KafkaSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code bindings.kafka} provider (version {@code v1}), with Dapr's metadata: the connection
 * and authentication fields every Kafka component shares ({@code brokers}, {@code authType}, TLS,
 * ...; see {@link KafkaSettings} and {@link KafkaClientProperties}), {@code publishTopic} (where
 * {@code create} writes unless the request names a {@code topic}), {@code topics} (the
 * comma-separated topics read), {@code consumerGroup} (else {@code consumerID}; required with
 * {@code topics}), {@code initialOffset} ({@code newest}) and {@code consumeRetryInterval} (100ms:
 * the first delay before a failed event is delivered again). The producer connects at build; the
 * consumer when reading starts. See {@code docs/components/bindings-kafka.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class KafkaBindingProvider implements ComponentProvider<InputOutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public KafkaBindingProvider() {}

  @Override
  public String type() {
    return "bindings.kafka";
  }

  @Override
  public Class<InputOutputBindingComponent> componentClass() {
    return InputOutputBindingComponent.class;
  }

  /**
   * Reads the metadata and creates the producer.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   */
  @Override
  public InputOutputBindingComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    KafkaSettings connection = KafkaSettings.read(md);
    Properties producer = KafkaClientProperties.producer(md, connection);
    Properties consumer = KafkaClientProperties.consumer(md, connection);
    String publishTopic = md.getString("publishTopic", "").trim();
    List<String> topics =
        Arrays.stream(md.getString("topics", "").split(","))
            .map(String::trim)
            .filter(t -> !t.isEmpty())
            .distinct()
            .toList();
    if (!topics.isEmpty() && !consumer.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
      md.addProblem(
          "metadata 'consumerGroup' is required to read 'topics' (or 'consumerID', which the"
              + " runtime sets to the app id when the app has one)");
    }
    Duration retry =
        md.getDuration("consumeRetryInterval", ChronoUnit.MILLIS, Duration.ofMillis(100));
    if (retry.isNegative() || retry.isZero()) {
      md.addProblem("metadata 'consumeRetryInterval' must be positive, got '" + retry + "'");
    }
    md.validate();
    KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    return new KafkaBindingComponent(context, p, publishTopic, topics, consumer, retry);
  }
}
