package dev.plumb.benchmarks.state.redis;

import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Response;

/**
 * Plumb's {@code state.redis} store, through the public {@link StateStore} API (key prefix,
 * invoker, telemetry and the component), against raw Jedis on a pool of the same size, in one run:
 * get and save of a 1 KB value (goal: Plumb at most 1.10x raw) and a bulk get of 100 keys against a
 * raw pipeline (goal: at most 1.20x). The raw side reads and writes the same hash layout with
 * single commands, without etag checks or TTL handling. Server: {@code PLUMB_REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisStateBenchmark {
  private static final int POOL_SIZE = 8;
  private static final String PREFIX = "plumb-bench||";
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION = "version".getBytes(StandardCharsets.US_ASCII);

  private Plumb plumb;
  private StateStore store;
  private JedisPooled raw;
  private byte[] value;
  private List<String> bulkNames;
  private List<byte[]> bulkKeys;

  /** Connects both sides and writes the keys the benchmarks read. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    URI url = URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));
    String host = url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : 6379);
    plumb =
        Plumb.builder()
            .appId("bench")
            .component(
                "statestore",
                "state.redis",
                Map.of("redisHost", host, "poolSize", Integer.toString(POOL_SIZE)))
            .build();
    store = plumb.stateStore("statestore");
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    raw =
        new JedisPooled(
            new HostAndPort(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379),
            DefaultJedisClientConfig.builder().build(),
            pool);
    value = new byte[1024];
    new Random(42).nextBytes(value);
    store.save("plumb", value);
    raw.hset(bytes(PREFIX + "raw"), Map.of(DATA, value, VERSION, bytes("1")));
    bulkNames = new ArrayList<>();
    bulkKeys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String name = "bulk-" + i;
      store.save(name, value);
      bulkNames.add(name);
      bulkKeys.add(bytes("bench||" + name));
    }
  }

  /** Deletes the keys and closes both sides. */
  @TearDown(Level.Trial)
  public void tearDown() {
    raw.del(bytes("bench||plumb"), bytes(PREFIX + "raw"));
    raw.del(bulkKeys.toArray(new byte[0][]));
    plumb.close();
    raw.close();
  }

  /**
   * Reads 1 KB through Plumb.
   *
   * @return the item
   */
  @Benchmark
  public StateItem<byte[]> plumbGet() {
    return store.get("plumb", byte[].class);
  }

  /** Reads 1 KB with one raw HMGET. */
  @Benchmark
  public List<byte[]> rawGet() {
    return raw.hmget(bytes(PREFIX + "raw"), DATA, VERSION);
  }

  /** Saves 1 KB through Plumb's component (last-write, no TTL). */
  @Benchmark
  public void plumbSave() throws Exception {
    store.save("plumb", value);
  }

  /** Saves 1 KB with one raw HSET. */
  @Benchmark
  public long rawSave() {
    return raw.hset(bytes(PREFIX + "raw"), DATA, value);
  }

  /**
   * Reads 100 keys through Plumb's bulk get.
   *
   * @return the items
   */
  @Benchmark
  public List<StateItem<byte[]>> plumbBulkGet100() {
    return store.getBulk(bulkNames, byte[].class);
  }

  /** Reads 100 keys with a raw pipeline of HMGETs. */
  @Benchmark
  public List<List<byte[]>> rawPipelineBulkGet100() {
    List<Response<List<byte[]>>> responses = new ArrayList<>(100);
    try (AbstractPipeline p = raw.pipelined()) {
      for (byte[] key : bulkKeys) {
        responses.add(p.hmget(key, DATA, VERSION));
      }
      p.sync();
    }
    List<List<byte[]>> out = new ArrayList<>(100);
    for (Response<List<byte[]>> r : responses) {
      out.add(r.get());
    }
    return out;
  }

  /**
   * Reads 100 keys with a raw pipeline doing the same Redis work as Plumb: {@code HMGET} plus the
   * {@code PTTL} that Dapr's {@code ttlExpireTime} metadata needs.
   *
   * @return the values and TTLs
   */
  @Benchmark
  public List<Object> rawPipelineBulkGet100WithTtl() {
    List<Response<List<byte[]>>> values = new ArrayList<>(100);
    List<Response<Long>> ttls = new ArrayList<>(100);
    try (AbstractPipeline p = raw.pipelined()) {
      for (byte[] key : bulkKeys) {
        values.add(p.hmget(key, DATA, VERSION));
        ttls.add(p.pttl(key));
      }
      p.sync();
    }
    List<Object> out = new ArrayList<>(200);
    for (int i = 0; i < values.size(); i++) {
      out.add(values.get(i).get());
      out.add(ttls.get(i).get());
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
