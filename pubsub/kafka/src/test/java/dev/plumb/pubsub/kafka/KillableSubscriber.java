package dev.plumb.pubsub.kafka;

import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.runtime.Plumb;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replica that {@link SubscriberKillIT} kills with {@code kill -9}: a separate JVM in the
 * shared consumer group that processes its first few messages (printing {@code done <id>}) and then
 * holds every further one in flight (printing {@code holding <id>}) until it dies.
 */
public final class KillableSubscriber {
  private KillableSubscriber() {}

  /**
   * Runs the replica.
   *
   * @param args the brokers, the topic, the consumer group, how many to process
   * @throws InterruptedException never: it is killed
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> md =
        Map.of(
            "brokers", args[0],
            "authType", "none",
            "consumerGroup", args[2],
            "initialOffset", "oldest",
            "sessionTimeout", "2s",
            "heartbeatInterval", "500ms");
    int process = Integer.parseInt(args[3]);
    AtomicInteger count = new AtomicInteger();
    CountDownLatch never = new CountDownLatch(1);
    Plumb plumb = Plumb.builder().appId("replica").component("ps", "pubsub.kafka", md).build();
    plumb
        .pubSub("ps")
        .subscribe(
            args[1],
            byte[].class,
            e -> {
              String id = new String(e.data(), StandardCharsets.UTF_8);
              if (count.incrementAndGet() <= process) {
                System.out.println("done " + id);
                return null;
              }
              System.out.println("holding " + id);
              never.await();
              return null;
            },
            SubscribeOptions.builder().rawPayload(true).concurrency(8).build());
    System.out.println("ready");
    never.await();
  }
}
