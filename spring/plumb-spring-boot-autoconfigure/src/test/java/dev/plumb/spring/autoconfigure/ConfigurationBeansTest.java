package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.runtime.InMemoryConfiguration;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.ConfigurationListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Configuration stores as beans, {@code @ConfigurationListener}, the live property source. */
class ConfigurationBeansTest {
  private final String space = "spring-config-" + UUID.randomUUID();
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class))
          .withPropertyValues(
              "plumb.resources.paths=classpath:configuration/",
              "plumb.components.appconfig.metadata.space=" + space);

  static final class Listeners {
    final List<ConfigurationUpdate> greetings = new CopyOnWriteArrayList<>();
    final List<ConfigurationUpdate> all = new CopyOnWriteArrayList<>();

    @ConfigurationListener(keys = "greeting")
    void onGreeting(ConfigurationUpdate update) {
      greetings.add(update);
    }

    @ConfigurationListener(store = "appconfig")
    void onAnything(ConfigurationUpdate update) {
      all.add(update);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfig {
    @Bean
    Listeners listeners() {
      return new Listeners();
    }
  }

  /** Bound once when built: shows what a property source change does not re-bind. */
  record Bound(String greeting) {}

  @Configuration(proxyBeanMethods = false)
  static class BoundConfig {
    @Bean
    Bound bound(ConfigurationStore store, @Value("${greeting:none}") String greeting) {
      return new Bound(greeting);
    }
  }

  @Test
  void theConfigurationStoreIsABeanReadingTheComponent() {
    InMemoryConfiguration.space(space).put("greeting", ConfigurationItem.of("hello", "1"));
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          ConfigurationStore store = context.getBean(ConfigurationStore.class);
          assertThat(store.name()).isEqualTo("appconfig");
          assertThat(store).isSameAs(context.getBean("appconfig"));
          assertThat(store.get("greeting").get("greeting").value()).isEqualTo("hello");
          assertThat(context.getBean(Plumb.class).configurationStore("appconfig").get("greeting"))
              .containsKey("greeting");
        });
  }

  @Test
  void listenersReceiveTheChangesOfTheirKeysUntilTheContextStops() {
    runner
        .withUserConfiguration(ListenerConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Listeners l = context.getBean(Listeners.class);
              InMemoryConfiguration items = InMemoryConfiguration.space(space);
              items.put("colour", ConfigurationItem.of("blue", "1"));
              items.put("greeting", ConfigurationItem.of("hi", "2"));
              await().atMost(Duration.ofSeconds(10)).until(() -> l.all.size() == 2);
              await().atMost(Duration.ofSeconds(10)).until(() -> l.greetings.size() == 1);
              ConfigurationUpdate u = l.greetings.get(0);
              assertThat(u.items()).isEqualTo(Map.of("greeting", ConfigurationItem.of("hi", "2")));
              assertThat(u.id()).isNotEmpty();
              assertThat(l.all.get(0).items()).containsOnlyKeys("colour");
              // The two methods are two subscriptions.
              assertThat(l.all.get(1).id()).isNotEqualTo(u.id());
              items.delete(List.of("greeting"));
              await().atMost(Duration.ofSeconds(10)).until(() -> l.greetings.size() == 2);
              assertThat(l.greetings.get(1).items().get("greeting").isEmpty()).isTrue();
              context.stop();
              items.put("greeting", ConfigurationItem.of("after stop", "3"));
              await()
                  .during(Duration.ofMillis(300))
                  .atMost(Duration.ofSeconds(2))
                  .until(() -> l.greetings.size() == 2);
            });
  }

  @Test
  void theEndpointDescribesTheListeners() {
    runner
        .withUserConfiguration(ListenerConfig.class)
        .run(
            context ->
                assertThat(context.getBean(PlumbHandlers.class).describe())
                    .contains(
                        Map.of(
                            "kind",
                            "configuration",
                            "store",
                            "",
                            "keys",
                            List.of("greeting"),
                            "method",
                            "listeners#onGreeting")));
  }

  @Test
  void aListenerWithABadSignatureFailsTheStartNamingIt() {
    runner
        .withBean("bad", BadListener.class, BadListener::new)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("@ConfigurationListener")
                    .hasMessageContaining("BadListener#wrong")
                    .hasMessageContaining("takes one ConfigurationUpdate"));
  }

  static final class BadListener {
    @ConfigurationListener
    void wrong(String value) {}
  }

  @Test
  void thePropertySourceLoadsTheStoreAndFollowsItsChanges() {
    InMemoryConfiguration items = InMemoryConfiguration.space(space);
    items.put("greeting", ConfigurationItem.of("hello", "1"));
    items.put("shop.discount", ConfigurationItem.of("10", "1"));
    runner
        .withPropertyValues(
            "plumb.configuration.property-source.store=appconfig",
            "greeting=from application properties")
        .withUserConfiguration(BoundConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Environment env = context.getEnvironment();
              // The store's source comes first, over application properties.
              assertThat(env.getProperty("greeting")).isEqualTo("hello");
              assertThat(env.getProperty("shop.discount", Integer.class)).isEqualTo(10);
              assertThat(context.getBean(Bound.class).greeting()).isEqualTo("hello");

              items.put("greeting", ConfigurationItem.of("bonjour", "2"));
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> "bonjour".equals(env.getProperty("greeting")));
              items.put("added.later", ConfigurationItem.of("yes", "1"));
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> "yes".equals(env.getProperty("added.later")));
              items.delete(List.of("greeting"));
              // Deleted from the store: the application's own value shows again.
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> "from application properties".equals(env.getProperty("greeting")));
              // A @Value bound at creation keeps the value it was built with.
              assertThat(context.getBean(Bound.class).greeting()).isEqualTo("hello");
            });
  }

  @Test
  void thePropertySourceLoadsOnlyTheNamedKeys() {
    InMemoryConfiguration items = InMemoryConfiguration.space(space);
    items.put("a", ConfigurationItem.of("1", "1"));
    items.put("b", ConfigurationItem.of("2", "1"));
    runner
        .withPropertyValues(
            "plumb.configuration.property-source.store=appconfig",
            "plumb.configuration.property-source.keys=a")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getEnvironment().getProperty("a")).isEqualTo("1");
              assertThat(context.getEnvironment().containsProperty("b")).isFalse();
            });
  }

  @Test
  void aPropertySourceNamingNoStoreFailsTheStart() {
    runner
        .withPropertyValues("plumb.configuration.property-source.store=nothere")
        .withUserConfiguration(BoundConfig.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("plumb.configuration.property-source.store: no")
                    .rootCause()
                    .hasMessageContaining("configuration store 'nothere' is not found"));
  }
}
