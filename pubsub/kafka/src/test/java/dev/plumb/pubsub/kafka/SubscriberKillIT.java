package dev.plumb.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.common.kafka.KafkaTestBroker;
import dev.plumb.runtime.Plumb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills a subscriber replica (a child JVM) with {@code kill -9} while it holds messages in flight:
 * once its session times out, the surviving replica of the same consumer group gets its partitions
 * and reads from the last committed offset, so none is lost.
 */
class SubscriberKillIT {
  private static final int MESSAGES = 200;

  @Test
  void aKilledReplicasUnacknowledgedMessagesGoToTheSurvivor() throws Exception {
    {
      KafkaTestBroker broker = KafkaTestBroker.shared();
      String topic = "kill-" + System.nanoTime();
      String group = "kill-group-" + System.nanoTime();
      Set<String> doneByVictim = ConcurrentHashMap.newKeySet();
      Set<String> heldByVictim = ConcurrentHashMap.newKeySet();
      Process victim =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  KillableSubscriber.class.getName(),
                  broker.bootstrap(),
                  topic,
                  group,
                  "20")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      try {
        Thread reader =
            new Thread(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                      if (line.startsWith("done ")) {
                        doneByVictim.add(line.substring(5));
                      } else if (line.startsWith("holding ")) {
                        heldByVictim.add(line.substring(8));
                      } else if (line.equals("ready")) {
                        heldByVictim.add("");
                      }
                    }
                  } catch (java.io.IOException e) {
                    // the victim died
                  }
                });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> heldByVictim.contains(""));

        Map<String, String> md =
            Map.of(
                "brokers", broker.bootstrap(),
                "authType", "none",
                "consumerGroup", group,
                "initialOffset", "oldest",
                "sessionTimeout", "2s",
                "heartbeatInterval", "500ms");
        Set<String> survivor = ConcurrentHashMap.newKeySet();
        try (Plumb publisher =
            Plumb.builder()
                .appId("publisher")
                .component(
                    "ps", "pubsub.kafka", Map.of("brokers", broker.bootstrap(), "authType", "none"))
                .build()) {
          PublishOptions raw = PublishOptions.builder().rawPayload(true).build();
          for (int i = 0; i < MESSAGES / 2; i++) {
            publisher.pubSub("ps").publish(topic, ("m" + i).getBytes(StandardCharsets.UTF_8), raw);
          }
          await().atMost(Duration.ofSeconds(30)).until(() -> heldByVictim.size() > 1);
          try (Plumb replica =
              Plumb.builder().appId("survivor").component("ps", "pubsub.kafka", md).build()) {
            replica
                .pubSub("ps")
                .subscribe(
                    topic,
                    byte[].class,
                    e -> {
                      survivor.add(new String(e.data(), StandardCharsets.UTF_8));
                      return null;
                    },
                    SubscribeOptions.builder().rawPayload(true).build());
            for (int i = MESSAGES / 2; i < MESSAGES; i++) {
              publisher
                  .pubSub("ps")
                  .publish(topic, ("m" + i).getBytes(StandardCharsets.UTF_8), raw);
            }
            victim.destroyForcibly(); // SIGKILL
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Set<String> held = new HashSet<>(heldByVictim);
            held.remove("");
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> {
                      Set<String> all = new HashSet<>(doneByVictim);
                      all.addAll(survivor);
                      return all.size() == MESSAGES;
                    });
            assertThat(survivor).as("the survivor got what the victim held").containsAll(held);
            System.out.printf(
                "pubsub.kafka kill -9: the victim processed %d and held %d in flight; the survivor"
                    + " processed %d, all %d delivered%n",
                doneByVictim.size(), held.size(), survivor.size(), MESSAGES);
          }
        }
      } finally {
        victim.destroyForcibly();
      }
    }
  }
}
