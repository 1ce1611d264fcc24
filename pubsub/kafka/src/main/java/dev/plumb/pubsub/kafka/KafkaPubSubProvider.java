package dev.plumb.pubsub.kafka;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.kafka.KafkaSettings;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    Properties producer = producerProperties(md, connection);
    Properties consumer = consumerProperties(md, connection);
    md.validate();
    KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer());
    return new KafkaPubSubComponent(context, p, consumer);
  }

  private static Properties producerProperties(ComponentMetadata md, KafkaSettings s) {
    Properties p = s.clientProperties();
    String acks = md.getString("producerRequiredAcks", "all").toLowerCase(Locale.ROOT);
    switch (acks) {
      case "all":
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        break;
      case "local":
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        break;
      case "none":
        p.put(ProducerConfig.ACKS_CONFIG, "0");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        break;
      default:
        md.addProblem(
            "metadata 'producerRequiredAcks': expected all, local or none, got '" + acks + "'");
    }
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(md.getInt("producerRetryMax", 5)));
    String compression = md.getString("compression", "none").toLowerCase(Locale.ROOT);
    switch (compression) {
      case "none":
      case "gzip":
      case "snappy":
      case "lz4":
      case "zstd":
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        break;
      default:
        md.addProblem(
            "metadata 'compression': expected none, gzip, snappy, lz4 or zstd, got '"
                + compression
                + "'");
    }
    int maxBytes = md.getInt("maxMessageBytes", 0);
    if (maxBytes > 0) {
      p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxBytes));
    }
    // A publish returns once the broker has the record, as Dapr's synchronous producer does: do
    // not hold single records back for a batch.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  private static Properties consumerProperties(ComponentMetadata md, KafkaSettings s) {
    Properties p = s.clientProperties();
    String group = md.getString("consumerGroup", "");
    if (group.isEmpty()) {
      group = md.getString("consumerID", "");
    }
    if (!group.isEmpty()) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    String offset = md.getString("initialOffset", "newest").toLowerCase(Locale.ROOT);
    switch (offset) {
      case "newest":
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        break;
      case "oldest":
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        break;
      default:
        md.addProblem("metadata 'initialOffset': expected newest or oldest, got '" + offset + "'");
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(s.sessionTimeout().toMillis()));
    p.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        Long.toString(s.heartbeatInterval().toMillis()));
    int fetchMin = md.getInt("consumerFetchMin", 1);
    int fetchDefault = md.getInt("consumerFetchDefault", 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(fetchMin));
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(fetchDefault));
    String strategy =
        md.getString("consumerGroupRebalanceStrategy", "range").toLowerCase(Locale.ROOT);
    switch (strategy) {
      case "range":
        p.put(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            "org.apache.kafka.clients.consumer.RangeAssignor");
        break;
      case "sticky":
        p.put(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        break;
      case "roundrobin":
        p.put(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            "org.apache.kafka.clients.consumer.RoundRobinAssignor");
        break;
      default:
        md.addProblem(
            "metadata 'consumerGroupRebalanceStrategy': expected range, sticky or roundrobin, got '"
                + strategy
                + "'");
    }
    // Read so that they count as known: Sarama's channel buffer and its in-component retry loop
    // have no equivalent; the runtime retries (inbound resiliency) and redelivers instead.
    md.getString("channelBufferSize");
    md.getString("consumeRetryEnabled");
    md.getString("consumeRetryInterval");
    md.getString("escapeHeaders");
    return p;
  }
}
