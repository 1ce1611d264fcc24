package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.spring.DeliveryListener;
import dev.plumb.spring.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Closing the context waits for a delivery in flight, which then completes and is acknowledged. */
class ShutdownDrainTest {

  /** Holds its delivery until released. */
  public static final class SlowHandler {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean finished;

    @Topic(topic = "slow")
    public void on(String payload) throws InterruptedException {
      entered.countDown();
      assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      finished = true;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(PlumbAutoConfiguration.class)
  static class App {
    static final List<DeliveryResult> OUTCOMES = new CopyOnWriteArrayList<>();

    @Bean
    SlowHandler slowHandler() {
      return new SlowHandler();
    }

    @Bean
    DeliveryListener outcomes() {
      return (pubsub, topic, event, result, failure) -> OUTCOMES.add(result);
    }
  }

  @Test
  void contextCloseDrainsTheDeliveryInFlight() throws Exception {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(
                "plumb.resources.paths=classpath:one-store", "plumb.shutdown-grace-period=20s")
            .run();
    SlowHandler handler = context.getBean(SlowHandler.class);
    context.getBean(PubSub.class).publish("slow", "hold me");
    assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(context::close, "closer");
    closer.start();
    // close() is waiting on the delivery: it stays alive while the handler is held.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> closer.isAlive() && !handler.finished);
    handler.release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(closer.isAlive()).isFalse();
    assertThat(handler.finished).isTrue();
    assertThat(App.OUTCOMES).containsExactly(DeliveryResult.SUCCESS);
    assertThat(context.isActive()).isFalse();
  }
}
