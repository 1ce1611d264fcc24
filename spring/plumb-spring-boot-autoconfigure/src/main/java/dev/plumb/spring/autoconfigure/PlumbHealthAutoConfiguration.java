package dev.plumb.spring.autoconfigure;

import dev.plumb.runtime.ComponentInfo;
import dev.plumb.runtime.Plumb;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code plumb} health contributor: one indicator per component, UP when the component's ping
 * succeeds (or {@code ping=unsupported} when its block has none), DOWN with the error's type when
 * it fails or the runtime is closed. Present when {@code spring-boot-health} is.
 */
@AutoConfiguration(after = PlumbAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(Plumb.class)
public class PlumbHealthAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PlumbHealthAutoConfiguration() {}

  /**
   * Declares the contributor, named {@code plumb} in the health tree.
   *
   * @param plumb the runtime
   * @return one indicator per component, by component name
   */
  @Bean
  @ConditionalOnMissingBean(name = "plumbHealthContributor")
  public CompositeHealthContributor plumbHealthContributor(Plumb plumb) {
    Map<String, HealthContributor> indicators = new LinkedHashMap<>();
    for (ComponentInfo c : plumb.components()) {
      indicators.putIfAbsent(c.name(), indicator(plumb, c));
    }
    return CompositeHealthContributor.fromMap(indicators);
  }

  private static HealthIndicator indicator(Plumb plumb, ComponentInfo c) {
    return () -> {
      Health.Builder b =
          new Health.Builder().withDetail("type", c.type()).withDetail("version", c.version());
      try {
        return plumb.ping(c.name())
            ? b.up().build()
            : b.up().withDetail("ping", "unsupported").build();
      } catch (RuntimeException e) {
        // The type only: a backend's message may carry addresses or data.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return b.down().withDetail("error", cause.getClass().getName()).build();
      }
    };
  }
}
