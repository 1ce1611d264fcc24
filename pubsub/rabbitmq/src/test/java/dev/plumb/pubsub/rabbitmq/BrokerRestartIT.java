package dev.plumb.pubsub.rabbitmq;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages (durable queue, persistent messages, publisher confirms) while a
 * private RabbitMQ node is restarted once: after it returns, every message is delivered at least
 * once; duplicates are counted and printed.
 */
class BrokerRestartIT {
  private static final int MESSAGES = 100_000;
  private static final int PUBLISHERS = 4;

  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    long began = System.nanoTime();
    try (PrivateRabbitMq broker = new PrivateRabbitMq()) {
      Map<String, String> md =
          Map.of(
              "connectionString", broker.url(),
              "deliveryMode", "2",
              "durable", "true",
              "deletedWhenUnused", "false",
              "reconnectWaitSeconds", "1");
      Map<Integer, Integer> seen = new ConcurrentHashMap<>();
      LongAdder deliveries = new LongAdder();
      try (Plumb subscriber =
              Plumb.builder().appId("restart-sub").component("ps", "pubsub.rabbitmq", md).build();
          Plumb publisher =
              Plumb.builder().appId("restart-pub").component("ps", "pubsub.rabbitmq", md).build()) {
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
                      .atMost(Duration.ofMinutes(3))
                      .until(() -> published.get() >= MESSAGES / 3);
                  broker.stop();
                  try {
                    broker.start();
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
                          // Not confirmed: publish again once the broker is back (a duplicate at
                          // worst).
                          await()
                              .atMost(Duration.ofMinutes(3))
                              .pollInterval(Duration.ofMillis(200))
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
        assertThat(restarted.getCount()).isZero();
        await().atMost(Duration.ofMinutes(3)).until(() -> seen.size() == MESSAGES);
        long duplicates = deliveries.sum() - MESSAGES;
        System.out.printf(
            "pubsub.rabbitmq broker restart: %d messages published (%d publish attempts failed"
                + " while the broker was down), all delivered, %d duplicate deliveries, %d s%n",
            MESSAGES,
            failedAttempts.get(),
            duplicates,
            Duration.ofNanos(System.nanoTime() - began).toSeconds());
        assertThat(seen).hasSize(MESSAGES);
        assertThat(failedAttempts.get()).as("the restart happened mid-stream").isPositive();
      }
    }
  }
}
