package dev.plumb.benchmarks.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Get and save of a 1 KB JSON value through Plumb's in-memory state store, against the floor any
 * in-process store has to pay: a {@link ConcurrentHashMap} of bytes plus Jackson. The ratio is the
 * cost of Plumb's runtime layer (key prefix, validation, invoker, etag bookkeeping).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class InMemoryStateBenchmark {
  private Plumb plumb;
  private StateStore store;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, byte[]> map = new ConcurrentHashMap<>();
  private Payload payload;
  private byte[] payloadBytes;

  /** Opens Plumb with an in-memory store and writes the value both ways. */
  @Setup
  public void setUp() throws IOException {
    payload = Payload.oneKilobyte();
    plumb =
        Plumb.builder().appId("bench").component("statestore", "state.in-memory", Map.of()).build();
    store = plumb.stateStore("statestore");
    payloadBytes = mapper.writeValueAsBytes(payload);
    store.save("order-1", payload);
    store.save("bytes-1", payloadBytes);
    map.put("bench||order-1", payloadBytes);
  }

  /** Closes Plumb. */
  @TearDown
  public void tearDown() {
    plumb.close();
  }

  /**
   * Reads through Plumb.
   *
   * @return the value
   */
  @Benchmark
  public StateItem<Payload> plumbGet() {
    return store.get("order-1", Payload.class);
  }

  /**
   * Reads from the map and decodes with Jackson.
   *
   * @return the value
   * @throws IOException never
   */
  @Benchmark
  public Payload rawGet() throws IOException {
    return mapper.readValue(map.get("bench||order-1"), Payload.class);
  }

  /**
   * Reads stored bytes through Plumb: the runtime layer's own cost, without JSON decoding.
   *
   * @return the item
   */
  @Benchmark
  public StateItem<byte[]> plumbGetBytes() {
    return store.get("bytes-1", byte[].class);
  }

  /**
   * Reads stored bytes from the map.
   *
   * @return the bytes
   */
  @Benchmark
  public byte[] rawGetBytes() {
    return map.get("bench||order-1");
  }

  /** Saves through Plumb. */
  @Benchmark
  public void plumbSave() {
    store.save("order-1", payload);
  }

  /**
   * Encodes with Jackson and puts into the map.
   *
   * @return the previous bytes
   * @throws IOException never
   */
  @Benchmark
  public byte[] rawSave() throws IOException {
    return map.put("bench||order-1", mapper.writeValueAsBytes(payload));
  }
}
