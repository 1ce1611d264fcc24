package dev.plumb.pubsub.jetstream;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages while a private {@code nats-server -js} (its own port and store
 * directory, never the shared server) is restarted once: after it returns, every message is
 * delivered at least once; duplicates are counted and printed.
 */
class BrokerRestartIT {
  private static final int MESSAGES = 100_000;
  private static final int PUBLISHERS = 4;

  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    try (PrivateNats nats = new PrivateNats()) {
      Map<String, String> md = new LinkedHashMap<>(nats.metadata());
      // A delivery whose acknowledgement died with the connection comes back after ackWait.
      md.put("ackWait", "5s");
      md.put("concurrencyMode", "parallel");
      Map<Integer, Integer> seen = new ConcurrentHashMap<>();
      LongAdder deliveries = new LongAdder();
      try (Plumb subscriber =
              Plumb.builder().appId("restart-sub").component("ps", "pubsub.jetstream", md).build();
          Plumb publisher =
              Plumb.builder()
                  .appId("restart-pub")
                  .component("ps", "pubsub.jetstream", md)
                  .build()) {
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
        CountDownLatch restarted = new CountDownLatch(1);
        Thread restarter =
            new Thread(
                () -> {
                  await()
                      .atMost(Duration.ofMinutes(2))
                      .until(() -> published.get() >= MESSAGES / 3);
                  nats.stop();
                  try {
                    nats.start();
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                  restarted.countDown();
                });
        restarter.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < PUBLISHERS; t++) {
          int first = t;
          Thread th =
              new Thread(
                  () -> {
                    for (int i = first; i < MESSAGES; i += PUBLISHERS) {
                      byte[] bytes = ByteBuffer.allocate(4).putInt(i).array();
                      while (true) {
                        try {
                          pubsub.publish("restart", bytes, raw);
                          break;
                        } catch (ComponentException e) {
                          failedAttempts.incrementAndGet();
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
        assertThat(restarted.getCount()).isZero();
        await().atMost(Duration.ofMinutes(2)).until(() -> seen.size() == MESSAGES);
        long duplicates = deliveries.sum() - MESSAGES;
        System.out.printf(
            "pubsub.jetstream broker restart: %d messages published (%d publish attempts failed"
                + " while the server was down), all delivered, %d duplicate deliveries%n",
            MESSAGES, failedAttempts.get(), duplicates);
        assertThat(seen).hasSize(MESSAGES);
        assertThat(failedAttempts.get()).as("the restart happened mid-stream").isPositive();
      }
    }
  }
}
