package dev.plumb.pubsub.redis;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.redis.RedisClients;
import dev.plumb.common.redis.RedisSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code pubsub.redis} provider (version {@code v1}): pub/sub on Redis Streams with Dapr's
 * metadata and stream layout ({@code XADD <topic> * data <bytes> metadata <json>}, one consumer
 * group per {@code consumerID}), so Dapr and Plumb applications can share topics. Connection fields
 * are those of every Dapr Redis component ({@code redisHost}, {@code redisPassword}, {@code
 * enableTLS}, ...); its own: {@code consumerID}, {@code processingTimeout} (60 s), {@code
 * redeliverInterval} (15 s), {@code queueDepth} (100), {@code maxLenApprox}, {@code streamTTL}. See
 * {@code docs/components/pubsub-redis.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RedisPubSubProvider implements ComponentProvider<PubSubComponent> {
  /** Dapr's {@code processingTimeout} (its code's, not its docs' 15 s). */
  static final Duration DEFAULT_PROCESSING_TIMEOUT = Duration.ofSeconds(60);

  /** Dapr's {@code redeliverInterval} (its code's, not its docs' 60 s). */
  static final Duration DEFAULT_REDELIVER_INTERVAL = Duration.ofSeconds(15);

  /** Dapr's {@code queueDepth}: the most entries one read fetches. */
  static final int DEFAULT_QUEUE_DEPTH = 100;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisPubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.redis";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  /**
   * Reads the metadata, connects, and checks the connection with {@code PING}.
   *
   * @param context the component's name, metadata and runtime services
   * @return the started component
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws Exception if Redis cannot be reached
   */
  @Override
  public PubSubComponent create(ComponentContext context) throws Exception {
    ComponentMetadata md = context.metadata();
    RedisSettings connection = RedisSettings.read(md);
    StreamSettings streams = StreamSettings.read(md);
    md.validate();
    UnifiedJedis client = RedisClients.create(connection);
    return new RedisPubSubComponent(context, client, connection.readTimeout(), streams);
  }

  /**
   * The stream fields of the metadata.
   *
   * @param consumerId the consumer group; empty if unset
   * @param processingTimeout how long an entry may stay unacknowledged before another consumer
   *     takes it; zero turns reclaiming off
   * @param redeliverInterval how often idle entries are reclaimed; zero turns reclaiming off
   * @param queueDepth the most entries one read fetches
   * @param maxLenApprox trims each stream to about this many entries; 0 for no limit
   * @param streamTtl trims entries older than this; zero for no limit
   */
  record StreamSettings(
      String consumerId,
      Duration processingTimeout,
      Duration redeliverInterval,
      int queueDepth,
      long maxLenApprox,
      Duration streamTtl) {

    static StreamSettings read(ComponentMetadata md) {
      // Dapr reads a bare number as milliseconds for both durations; Plumb also takes "30s",
      // which Dapr silently ignores for redeliverInterval.
      Duration processing =
          md.getDuration("processingTimeout", ChronoUnit.MILLIS, DEFAULT_PROCESSING_TIMEOUT);
      Duration redeliver =
          md.getDuration("redeliverInterval", ChronoUnit.MILLIS, DEFAULT_REDELIVER_INTERVAL);
      int depth = md.getInt("queueDepth", DEFAULT_QUEUE_DEPTH);
      long maxLen = md.getLong("maxLenApprox", 0);
      Duration ttl = md.getDuration("streamTTL", ChronoUnit.SECONDS, Duration.ZERO);
      if (processing.isNegative()) {
        md.addProblem("metadata 'processingTimeout': must not be negative");
      }
      if (redeliver.isNegative()) {
        md.addProblem("metadata 'redeliverInterval': must not be negative");
      }
      if (depth <= 0) {
        md.addProblem("metadata 'queueDepth': expected a positive number, got " + depth);
      }
      if (maxLen < 0) {
        md.addProblem("metadata 'maxLenApprox': must not be negative");
      }
      if (maxLen > 0 && !ttl.isZero()) {
        md.addProblem(
            "metadata 'maxLenApprox' and 'streamTTL' cannot be used together; keep one trimming"
                + " strategy");
      }
      return new StreamSettings(
          md.getString("consumerID", ""), processing, redeliver, depth, maxLen, ttl);
    }

    /** Whether idle entries are reclaimed (both durations positive, as in Dapr). */
    boolean reclaims() {
      return !processingTimeout.isZero() && !redeliverInterval.isZero();
    }
  }
}
