package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.StateStore;
import dev.plumb.spring.Topic;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ObservationAndEndpointTest {

  /** Fails its first delivery, so that the retry is observed with its outcome. */
  public static final class Handler {
    final AtomicInteger calls = new AtomicInteger();

    @Topic(topic = "observed")
    public void on(String payload) {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("first delivery fails");
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    @Bean
    TestObservationRegistry observationRegistry() {
      return TestObservationRegistry.create();
    }

    @Bean
    Handler handler() {
      return new Handler();
    }
  }

  @Test
  void stateCallsPublishAndProcessAreObservedWithLowCardinalityTags() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                PlumbAutoConfiguration.class, PlumbEndpointAutoConfiguration.class))
        .withPropertyValues("plumb.app-id=obs", "plumb.resources.paths=classpath:one-store")
        .withUserConfiguration(Config.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
              context.getBean(StateStore.class).save("k", 1);
              context.getBean(PubSub.class).publish("observed", "x");
              Handler h = context.getBean(Handler.class);
              await().until(() -> h.calls.get() >= 2);

              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("plumb.state")
                  .that()
                  .hasLowCardinalityKeyValue("plumb.component", "statestore")
                  .hasLowCardinalityKeyValue("plumb.component.type", "state.in-memory")
                  .hasLowCardinalityKeyValue("plumb.operation", "save");
              TestObservationRegistryAssert.assertThat(registry)
                  .hasObservationWithNameEqualTo("plumb.pubsub.publish")
                  .that()
                  .hasLowCardinalityKeyValue("messaging.destination.name", "observed");
              for (String outcome : List.of("retry", "success")) {
                await()
                    .untilAsserted(
                        () ->
                            TestObservationRegistryAssert.assertThat(registry)
                                .hasAnObservation(
                                    o ->
                                        o.hasNameEqualTo("plumb.pubsub.process")
                                            .hasLowCardinalityKeyValue("outcome", outcome)
                                            .hasLowCardinalityKeyValue(
                                                "messaging.destination.name", "observed")));
              }

              Map<String, Object> described = context.getBean(PlumbEndpoint.class).describe();
              assertThat(described).containsEntry("appId", "obs");
              assertThat(described.get("components").toString())
                  .contains("name=statestore", "type=state.in-memory", "api=StateStore");
              assertThat(described.get("subscriptions").toString())
                  .contains("topic=observed", "pubsub=pubsub", "handler#on");
            });
  }
}
