package dev.plumb.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentException;
import dev.plumb.api.pubsub.BulkPublishEntry;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.common.kafka.KafkaTestBroker;
import dev.plumb.runtime.Plumb;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages (in bulk requests of 500) while a private Kafka broker is restarted
 * once: after it returns, every message is delivered at least once; duplicates are counted and
 * printed.
 */
class BrokerRestartIT {
  private static final int MESSAGES = 100_000;
  private static final int BATCH = 500;

  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    try (KafkaTestBroker broker = new KafkaTestBroker()) {
      Map<String, String> md = new LinkedHashMap<>(broker.metadata());
      md.put("sessionTimeout", "6s");
      Map<Integer, Integer> seen = new ConcurrentHashMap<>();
      LongAdder deliveries = new LongAdder();
      try (Plumb subscriber =
              Plumb.builder().appId("restart-sub").component("ps", "pubsub.kafka", md).build();
          Plumb publisher =
              Plumb.builder().appId("restart-pub").component("ps", "pubsub.kafka", md).build()) {
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
        Map<String, String> raw = Map.of("rawPayload", "true");
        AtomicInteger failedEntries = new AtomicInteger();
        boolean restarted = false;
        for (int start = 0; start < MESSAGES; start += BATCH) {
          if (!restarted && start >= MESSAGES / 3) {
            broker.stop();
            broker.start();
            restarted = true;
          }
          List<BulkPublishEntry> entries = new ArrayList<>();
          for (int i = start; i < start + BATCH; i++) {
            entries.add(
                BulkPublishEntry.of(Integer.toString(i), ByteBuffer.allocate(4).putInt(i).array()));
          }
          while (!entries.isEmpty()) {
            BulkPublishResult r;
            try {
              r = pubsub.publishBulk("restart", entries, raw);
            } catch (ComponentException e) {
              failedEntries.addAndGet(entries.size());
              continue;
            }
            List<BulkPublishEntry> again = new ArrayList<>();
            for (BulkPublishEntry e : entries) {
              if (r.failedEntries().containsKey(e.entryId())) {
                again.add(e);
              }
            }
            failedEntries.addAndGet(again.size());
            entries = again;
          }
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> seen.size() == MESSAGES);
        System.out.printf(
            "pubsub.kafka broker restart: %d messages published (%d entries retried), all"
                + " delivered, %d duplicate deliveries%n",
            MESSAGES, failedEntries.get(), deliveries.sum() - MESSAGES);
        assertThat(seen).hasSize(MESSAGES);
      }
    }
  }
}
