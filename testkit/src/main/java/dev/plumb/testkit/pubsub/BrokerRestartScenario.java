package dev.plumb.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentException;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.runtime.Plumb;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No message lost across a broker restart: four threads publish numbered raw messages through one
 * {@code Plumb} while another subscribes with four workers; once a third is published the broker is
 * stopped and started again; a publish that fails is retried until it succeeds (a duplicate at
 * worst). Every number must be delivered at least once; the duplicates are printed. Call {@link
 * #run} from an integration test with a private broker, never a shared one.
 */
public final class BrokerRestartScenario {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartScenario.class);

  private static final int PUBLISHERS = 4;

  private BrokerRestartScenario() {}

  /** The private broker the scenario restarts. */
  public interface Broker {
    /**
     * Stops the broker.
     *
     * @throws Exception if it cannot be stopped
     */
    void stop() throws Exception;

    /**
     * Starts the broker again and returns once it accepts connections.
     *
     * @throws Exception if it cannot be started
     */
    void start() throws Exception;

    /**
     * Tells whether the broker accepts connections; a publisher whose attempt failed waits for it
     * before trying again. By default always {@code true} (retry at once).
     *
     * @return whether the broker accepts connections
     */
    default boolean accepting() {
      return true;
    }
  }

  /**
   * What a run saw.
   *
   * @param messages the messages published, each delivered at least once
   * @param failedAttempts publish attempts that failed while the broker was away
   * @param duplicates deliveries beyond the first of each message
   * @param took the whole run
   */
  public record Result(int messages, int failedAttempts, long duplicates, Duration took) {}

  /**
   * Runs the scenario and prints its result.
   *
   * @param type the broker's component type, such as {@code pubsub.redis}
   * @param metadata the component's metadata, pointing at the private broker
   * @param broker the broker to restart
   * @param messages how many messages to publish
   * @param patience how long each phase (restart, delivery of everything) may take
   * @return the result
   * @throws Exception if the run fails or a message is lost
   */
  public static Result run(
      String type, Map<String, String> metadata, Broker broker, int messages, Duration patience)
      throws Exception {
    long began = System.nanoTime();
    String run = UUID.randomUUID().toString().substring(0, 8);
    Map<Integer, Integer> seen = new ConcurrentHashMap<>();
    LongAdder deliveries = new LongAdder();
    try (Plumb subscriber =
            Plumb.builder().appId("restart-sub-" + run).component("ps", type, metadata).build();
        Plumb publisher =
            Plumb.builder().appId("restart-pub-" + run).component("ps", type, metadata).build()) {
      subscriber
          .pubSub("ps")
          .subscribe(
              "restart",
              byte[].class,
              e -> {
                deliveries.increment();
                seen.merge(ByteBuffer.wrap(e.data()).getInt(), 1, Integer::sum);
                return null;
              },
              SubscribeOptions.builder().rawPayload(true).concurrency(4).build());
      PubSub pubsub = publisher.pubSub("ps");
      PublishOptions raw = PublishOptions.builder().rawPayload(true).build();
      AtomicInteger published = new AtomicInteger();
      AtomicInteger failedAttempts = new AtomicInteger();
      AtomicReference<Throwable> restartFailure = new AtomicReference<>();
      Thread restarter =
          new Thread(
              () -> {
                try {
                  await().atMost(patience).until(() -> published.get() >= messages / 3);
                  broker.stop();
                  broker.start();
                } catch (Throwable t) {
                  restartFailure.set(t);
                }
              });
      restarter.start();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < PUBLISHERS; t++) {
        int first = t;
        Thread th =
            new Thread(
                () -> {
                  for (int i = first; i < messages; i += PUBLISHERS) {
                    byte[] bytes = ByteBuffer.allocate(4).putInt(i).array();
                    while (true) {
                      try {
                        pubsub.publish("restart", bytes, raw);
                        break;
                      } catch (ComponentException e) {
                        failedAttempts.incrementAndGet();
                        await()
                            .pollDelay(Duration.ZERO)
                            .pollInterval(Duration.ofMillis(200))
                            .atMost(patience)
                            .until(broker::accepting);
                      }
                    }
                    published.incrementAndGet();
                  }
                });
        th.start();
        threads.add(th);
      }
      for (Thread th : threads) {
        th.join();
      }
      restarter.join();
      assertThat(restartFailure.get()).as("the restart").isNull();
      try {
        await().atMost(patience).until(() -> seen.size() == messages);
      } finally {
        LOG.info(
            "{} broker restart: {} of {} distinct messages delivered ({} deliveries)",
            type,
            seen.size(),
            messages,
            deliveries.sum());
      }
      Result result =
          new Result(
              messages,
              failedAttempts.get(),
              deliveries.sum() - messages,
              Duration.ofNanos(System.nanoTime() - began));
      LOG.info(
          "{} broker restart: {} messages published ({} publish attempts failed while the broker"
              + " was down), all delivered, {} duplicate deliveries, {} s",
          type,
          result.messages(),
          result.failedAttempts(),
          result.duplicates(),
          result.took().toSeconds());
      assertThat(seen).hasSize(messages);
      assertThat(result.failedAttempts()).as("the restart happened mid-stream").isPositive();
      return result;
    }
  }
}
