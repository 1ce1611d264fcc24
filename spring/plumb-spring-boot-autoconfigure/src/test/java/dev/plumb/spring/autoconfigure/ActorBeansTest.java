package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.Actors;
import dev.plumb.spring.PlumbActor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ActorBeansTest {

  /** An actor interface. */
  public interface Counter {
    int add(int n);
  }

  /** An application service the actor gets by constructor injection. */
  public static final class Multiplier {
    int times(int n) {
      return 10 * n;
    }
  }

  /** Built by Spring once per activation, with its context and a bean. */
  @PlumbActor(Counter.class)
  public static final class CounterActor implements Counter {
    private final ActorContext context;
    private final Multiplier multiplier;

    public CounterActor(ActorContext context, Multiplier multiplier) {
      this.context = context;
      this.multiplier = multiplier;
    }

    @Override
    public int add(int n) {
      int total = context.state().get("total", Integer.class).orElse(0) + multiplier.times(n);
      context.state().set("total", total);
      return total;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class Config {
    @Bean
    Multiplier multiplier() {
      return new Multiplier();
    }
  }

  @Test
  void actorTypesAreBuiltBySpringAndProxiesAreCalledThroughTheActorsBean() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                PlumbAutoConfiguration.class, PlumbEndpointAutoConfiguration.class))
        .withPropertyValues("plumb.app-id=shop", "plumb.resources.paths=classpath:one-store")
        .withUserConfiguration(Config.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Actors actors = context.getBean(Actors.class);
              Counter counter = actors.proxy(Counter.class, "c-1");
              assertThat(counter.add(1)).isEqualTo(10);
              assertThat(counter.add(2)).isEqualTo(30);
              assertThat(actors.proxy(Counter.class, "c-2").add(1)).isEqualTo(10);
              @SuppressWarnings("unchecked")
              var actorsListed =
                  (java.util.List<Map<String, String>>)
                      context.getBean(PlumbEndpoint.class).describe().get("actors");
              assertThat(actorsListed)
                  .containsExactly(
                      Map.of(
                          "type", "Counter",
                          "interface", Counter.class.getName(),
                          "implementation", CounterActor.class.getName()));
            });
  }
}
