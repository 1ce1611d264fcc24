package dev.plumb.benchmarks.pubsub;

import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Redis Streams publish and deliver, per batch of {@value #BATCH} raw 100-byte messages: Plumb
 * ({@code pubsub.redis}: synchronous publishes, then the subscription's reads, runtime dispatch and
 * batched {@code XACK}s until all were handled) against raw Jedis on the same server ({@code XADD}
 * each, then {@code XREADGROUP COUNT 100} and one {@code XACK} per read until all were read). Goal:
 * Plumb at least 0.90x raw throughput. Server: {@code PLUMB_REDIS_URL}, default {@code
 * redis://127.0.0.1:6379}; streams are deleted afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisStreamsBenchmark {
  static final int BATCH = 1000;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String plumbTopic = "bench-plumb-" + run;
  private final String rawTopic = "bench-raw-" + run;
  private Plumb plumb;
  private PubSub pubsub;
  private JedisPooled raw;
  private final AtomicLong handled = new AtomicLong();
  private final byte[] payload = new byte[100];
  private final PublishOptions rawPayload = PublishOptions.builder().rawPayload(true).build();

  /** Connects both sides. */
  @Setup(Level.Trial)
  public void setUp() {
    URI url = URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));
    int port = url.getPort() > 0 ? url.getPort() : 6379;
    plumb =
        Plumb.builder()
            .appId("bench")
            .component("ps", "pubsub.redis", Map.of("redisHost", url.getHost() + ":" + port))
            .build();
    pubsub = plumb.pubSub("ps");
    pubsub.subscribe(
        plumbTopic,
        byte[].class,
        e -> {
          handled.incrementAndGet();
          return DeliveryResult.SUCCESS;
        },
        SubscribeOptions.builder().rawPayload(true).build());
    raw = new JedisPooled(new HostAndPort(url.getHost(), port));
    raw.xgroupCreate(rawTopic, "bench", new StreamEntryID(0, 0), true);
  }

  /** Deletes the streams and closes both sides. */
  @TearDown(Level.Trial)
  public void tearDown() {
    plumb.close();
    raw.del(plumbTopic, rawTopic);
    raw.close();
  }

  /**
   * Plumb: publishes a batch and waits until every message was handled.
   *
   * @return the handled count
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long plumb() {
    long target = handled.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      pubsub.publish(plumbTopic, payload, rawPayload);
    }
    long n;
    while ((n = handled.get()) < target) {
      LockSupport.parkNanos(1000);
    }
    return n;
  }

  /**
   * Raw Jedis: {@code XADD}s a batch, then reads and acknowledges until all were read.
   *
   * @return the read count
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long raw() {
    Map<byte[], byte[]> fields = Map.of("data".getBytes(StandardCharsets.UTF_8), payload);
    byte[] key = rawTopic.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < BATCH; i++) {
      raw.xadd(key, XAddParams.xAddParams(), fields);
    }
    int read = 0;
    while (read < BATCH) {
      List<Map.Entry<String, List<StreamEntry>>> reply =
          raw.xreadGroup(
              "bench",
              "raw",
              XReadGroupParams.xReadGroupParams().count(100).block(1000),
              Map.of(rawTopic, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
      if (reply == null) {
        continue;
      }
      List<StreamEntryID> ids = new ArrayList<>();
      for (Map.Entry<String, List<StreamEntry>> s : reply) {
        for (StreamEntry e : s.getValue()) {
          ids.add(e.getID());
        }
      }
      raw.xack(rawTopic, "bench", ids.toArray(new StreamEntryID[0]));
      read += ids.size();
    }
    return read;
  }
}
