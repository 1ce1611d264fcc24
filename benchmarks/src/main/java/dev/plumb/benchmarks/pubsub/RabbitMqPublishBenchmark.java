package dev.plumb.benchmarks.pubsub;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.runtime.Plumb;
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

/**
 * Publishing a 100-byte message with publisher confirms through Plumb ({@code pubsub.rabbitmq}:
 * scope check, invoker, telemetry, properties and headers, a pooled confirm channel) against the
 * raw amqp-client on one confirm channel, each publish waiting for the broker's confirm, on the
 * local RabbitMQ ({@code PLUMB_RABBITMQ_URL}). Each side publishes to a fanout exchange of its own
 * bound to one queue capped at 1,000 messages (the oldest are dropped), so the broker routes and
 * enqueues every message without filling up the shared node. Goal: Plumb at least 0.90x raw
 * throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RabbitMqPublishBenchmark {
  private static final String URL =
      System.getenv().getOrDefault("PLUMB_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String plumbTopic = "bench-plumb-" + run;
  private final String rawTopic = "bench-raw-" + run;
  private final byte[] payload = new byte[100];
  private final PublishOptions rawPayload = PublishOptions.builder().rawPayload(true).build();
  private final AMQP.BasicProperties props =
      new AMQP.BasicProperties.Builder().contentType("application/octet-stream").build();
  private Plumb plumb;
  private PubSub pubsub;
  private Connection connection;
  private Channel raw;

  /**
   * Declares both exchanges and queues, builds Plumb and opens the raw confirm channel.
   *
   * @throws Exception if the broker is not reachable
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(URL);
    connection = f.newConnection("bench-raw");
    raw = connection.createChannel();
    for (String topic : new String[] {plumbTopic, rawTopic}) {
      raw.exchangeDeclare(topic, "fanout", false, false, null);
      raw.queueDeclare(topic, false, false, false, Map.of("x-max-length", 1000));
      raw.queueBind(topic, topic, "");
    }
    raw.confirmSelect();
    plumb =
        Plumb.builder()
            .appId("bench")
            .component(
                "ps",
                "pubsub.rabbitmq",
                Map.of("connectionString", URL, "durable", "false", "deletedWhenUnused", "false"))
            .build();
    pubsub = plumb.pubSub("ps");
    pubsub.publish(plumbTopic, payload, rawPayload);
  }

  /**
   * Closes everything and deletes the exchanges and queues.
   *
   * @throws Exception if the broker fails
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    plumb.close();
    try (Channel ch = connection.createChannel()) {
      for (String topic : new String[] {plumbTopic, rawTopic}) {
        ch.queueDelete(topic);
        ch.exchangeDelete(topic);
      }
    }
    connection.close();
  }

  /** Plumb: one publish, returning once the broker confirmed it. */
  @Benchmark
  public void plumb() {
    pubsub.publish(plumbTopic, payload, rawPayload);
  }

  /**
   * Raw: one publish, then waiting for its confirm.
   *
   * @throws Exception if the broker refuses it
   */
  @Benchmark
  public void raw() throws Exception {
    raw.basicPublish(rawTopic, "", props, payload);
    raw.waitForConfirmsOrDie(30_000);
  }
}
