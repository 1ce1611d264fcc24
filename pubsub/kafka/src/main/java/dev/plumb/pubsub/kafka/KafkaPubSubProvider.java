package dev.plumb.pubsub.kafka;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.kafka.KafkaClientProperties;
import dev.plumb.common.kafka.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code pubsub.kafka} provider (version {@code v1}): Kafka through kafka-clients, with Dapr's
 * metadata ({@code brokers}, {@code authType}, {@code consumerGroup} or {@code consumerID}, {@code
 * initialOffset}, {@code producerRequiredAcks}, {@code compression}, ...), Dapr's partitioner for
 * {@code partitionKey}, and headers for metadata, so Dapr and Plumb applications share topics. See
 * {@code docs/components/pubsub-kafka.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class KafkaPubSubProvider implements ComponentProvider<PubSubComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public KafkaPubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.kafka";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  /**
   * Reads the metadata and creates the producer; consumers are created per subscription.
   *
   * @param context the component's name, metadata and runtime services
   * @return the component
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   */
  @Override
  public PubSubComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    KafkaSettings connection = KafkaSettings.read(md);
    Properties producer = KafkaClientProperties.producer(md, connection);
    Properties consumer = KafkaClientProperties.consumer(md, connection);
    md.validate();
    KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    return new KafkaPubSubComponent(context, p, consumer);
  }
}
