package dev.plumb.benchmarks.lock;

import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/**
 * Plumb's {@code lock.redis} through the public {@link LockStore} API (validation, key prefix,
 * invoker, telemetry and the component) against raw Jedis on a pool of the same size, in one run:
 * one lock plus unlock of a free resource. The raw side sends the same commands: {@code SET NX PX}
 * and Dapr's unlock script by {@code EVALSHA}. Goal: Plumb at most 1.10x raw. Server: {@code
 * PLUMB_REDIS_URL}, default {@code redis://127.0.0.1:6379}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RedisLockBenchmark {
  private static final int POOL_SIZE = 8;
  private static final String SCRIPT =
      "local v = redis.call(\"get\",KEYS[1]); if v==false then return -1 end; if v~=ARGV[1] then"
          + " return -2 else return redis.call(\"del\",KEYS[1]) end";

  private Plumb plumb;
  private LockStore locks;
  private JedisPooled raw;
  private String sha;
  private String resource;
  private String rawKey;

  /** Connects both sides. */
  @Setup(Level.Trial)
  public void setUp() {
    URI url = URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));
    int port = url.getPort() > 0 ? url.getPort() : 6379;
    plumb =
        Plumb.builder()
            .appId("bench")
            .component(
                "locks",
                "lock.redis",
                Map.of(
                    "redisHost",
                    url.getHost() + ":" + port,
                    "poolSize",
                    Integer.toString(POOL_SIZE)))
            .build();
    locks = plumb.lockStore("locks");
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_SIZE);
    pool.setMaxIdle(POOL_SIZE);
    raw =
        new JedisPooled(
            new HostAndPort(url.getHost(), port), DefaultJedisClientConfig.builder().build(), pool);
    sha = raw.scriptLoad(SCRIPT);
    resource = "bench-" + UUID.randomUUID();
    rawKey = "lock||raw||" + resource;
  }

  /** Closes both sides. */
  @TearDown(Level.Trial)
  public void tearDown() {
    plumb.close();
    raw.close();
  }

  /**
   * Takes and releases a lock through Plumb.
   *
   * @return the unlock status
   */
  @Benchmark
  public UnlockStatus plumbLockUnlock() {
    if (!locks.tryLock(resource, "owner", Duration.ofSeconds(10))) {
      throw new IllegalStateException("lock not taken");
    }
    return locks.unlock(resource, "owner");
  }

  /**
   * Takes and releases a lock with raw Jedis: {@code SET NX PX}, then the script.
   *
   * @return the script's answer
   */
  @Benchmark
  public Object rawLockUnlock() {
    if (!"OK".equals(raw.set(rawKey, "owner", SetParams.setParams().nx().px(10_000)))) {
      throw new IllegalStateException("lock not taken");
    }
    return raw.evalsha(sha, List.of(rawKey), List.of("owner"));
  }
}
