package dev.plumb.pubsub.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/**
 * {@code pubsub.redis}: Redis Streams, as Dapr lays them out. A publish is {@code XADD <topic> *
 * data <bytes> [metadata <json>]} (trimmed by {@code maxLenApprox} or {@code streamTTL}); each
 * subscription reads with {@code XREADGROUP} in the consumer group {@code consumerID} (created at
 * the stream's start with {@code MKSTREAM}), as a consumer named {@code <consumerID>-<random>}, and
 * acknowledges with {@code XACK} only what the runtime acknowledged. See {@link StreamSubscription}
 * for redelivery, leases and reclaiming. Thread-safe; starts no threads: its loops run as tasks on
 * the runtime's blocking executor and scheduler.
 */
final class RedisPubSubComponent implements PubSubComponent {
  private static final Logger LOG = LoggerFactory.getLogger(RedisPubSubComponent.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);
  static final byte[] METADATA = "metadata".getBytes(StandardCharsets.UTF_8);

  private final String name;
  private final UnifiedJedis client;
  private final Duration readTimeout;
  private final RedisPubSubProvider.StreamSettings settings;
  private final Scheduler scheduler;
  private final Executor executor;
  private final java.time.Clock clock;
  private final Set<StreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  RedisPubSubComponent(
      ComponentContext context,
      UnifiedJedis client,
      Duration readTimeout,
      RedisPubSubProvider.StreamSettings settings) {
    this.name = context.name();
    this.client = client;
    this.readTimeout = readTimeout;
    this.settings = settings;
    this.scheduler = context.scheduler();
    this.executor = context.blockingExecutor();
    this.clock = context.clock();
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of();
  }

  @Override
  public void ping() {
    client.ping();
  }

  @Override
  public void publish(PublishRequest request) throws JsonProcessingException {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
    Map<byte[], byte[]> fields = new LinkedHashMap<>();
    fields.put(DATA, request.data());
    if (!request.metadata().isEmpty()) {
      fields.put(METADATA, JSON.writeValueAsBytes(request.metadata()));
    }
    XAddParams params = XAddParams.xAddParams();
    if (settings.maxLenApprox() > 0) {
      params.maxLen(settings.maxLenApprox()).approximateTrimming();
    } else if (!settings.streamTtl().isZero()) {
      long minId = clock.millis() - settings.streamTtl().toMillis();
      params.minId(Math.max(0, minId) + "-0").approximateTrimming();
    }
    client.xadd(request.topic().getBytes(StandardCharsets.UTF_8), params, fields);
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
    if (settings.consumerId().isEmpty()) {
      throw new IllegalStateException(
          "pub/sub '"
              + name
              + "': subscribing needs metadata 'consumerID' (the runtime sets it to the app id"
              + " when the app has one)");
    }
    String consumer = settings.consumerId() + "-" + UUID.randomUUID().toString().substring(0, 8);
    StreamSubscription s =
        new StreamSubscription(
            this, request.topic(), consumer, request.maxInFlight(), handler, subscriptions::remove);
    subscriptions.add(s);
    try {
      s.start();
    } catch (RuntimeException e) {
      subscriptions.remove(s);
      s.close();
      throw e;
    }
    return s;
  }

  UnifiedJedis client() {
    return client;
  }

  RedisPubSubProvider.StreamSettings settings() {
    return settings;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Executor executor() {
    return executor;
  }

  String name() {
    return name;
  }

  /** How long one blocking read waits: well inside the socket timeout. */
  Duration blockTime() {
    Duration max = Duration.ofSeconds(1);
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      return max;
    }
    Duration half = readTimeout.dividedBy(2);
    return half.compareTo(max) < 0 ? half : max;
  }

  /**
   * Reads the {@code metadata} field Dapr writes: a JSON object of strings.
   *
   * @param json the field's bytes, or {@code null}
   * @return the metadata; empty if absent or unreadable (then logged, as in Dapr)
   */
  static Map<String, String> metadata(byte[] json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (java.io.IOException e) {
      LOG.warn("a stream entry's metadata is not a JSON object of strings; ignoring it");
      return Map.of();
    }
  }

  @Override
  public void close() {
    closed = true;
    for (StreamSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    client.close();
  }

  @Override
  public String toString() {
    return "RedisPubSub[" + name + ", consumerID=" + settings.consumerId() + "]";
  }
}
