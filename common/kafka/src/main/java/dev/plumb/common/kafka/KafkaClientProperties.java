package dev.plumb.common.kafka;

import dev.plumb.api.spi.ComponentMetadata;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer and consumer settings every Dapr Kafka component shares (contrib {@code
 * common/component/kafka/metadata.go}), read with Dapr's names and defaults on top of {@link
 * KafkaSettings}: for producers {@code producerRequiredAcks} ({@code all}), {@code
 * producerRetryMax} (5), {@code compression} ({@code none}) and {@code maxMessageBytes}; for
 * consumers {@code consumerGroup} (else {@code consumerID}), {@code initialOffset} ({@code
 * newest}), {@code consumerFetchMin}, {@code consumerFetchDefault} and {@code
 * consumerGroupRebalanceStrategy} ({@code range}). Problems are recorded on the metadata for the
 * provider's {@link ComponentMetadata#validate()}. Stateless.
 */
public final class KafkaClientProperties {
  private KafkaClientProperties() {}

  /**
   * Reads the producer fields. A send returns once the broker has the record, as Dapr's synchronous
   * producer does, so records are not held back for a batch ({@code linger.ms} 0).
   *
   * @param md the component's metadata
   * @param s the connection settings read from the same metadata
   * @return new, modifiable producer properties (serializers are the caller's)
   */
  public static Properties producer(ComponentMetadata md, KafkaSettings s) {
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
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  /**
   * Reads the consumer fields. Offsets are committed by the caller ({@code enable.auto.commit}
   * false), only for records its handler finished. The group id is set only when {@code
   * consumerGroup} or {@code consumerID} is given.
   *
   * @param md the component's metadata
   * @param s the connection settings read from the same metadata
   * @return new, modifiable consumer properties (deserializers are the caller's)
   */
  public static Properties consumer(ComponentMetadata md, KafkaSettings s) {
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
