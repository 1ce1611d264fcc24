package dev.plumb.spring.autoconfigure;

import dev.plumb.runtime.Plumb;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Declares the {@code plumb} actuator endpoint when the actuator is present. */
@AutoConfiguration(after = PlumbAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Plumb.class)
public class PlumbEndpointAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PlumbEndpointAutoConfiguration() {}

  /**
   * Declares the endpoint; expose it with {@code management.endpoints.web.exposure.include}.
   *
   * @param plumb the runtime
   * @param handlers the handler methods found
   * @param beanFactory gives the actor classes found
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public PlumbEndpoint plumbEndpoint(
      Plumb plumb, PlumbHandlers handlers, ConfigurableListableBeanFactory beanFactory) {
    return new PlumbEndpoint(
        plumb,
        handlers,
        beanFactory
            .getBean(
                ComponentBeanRegistrar.ACTOR_CLASSES_BEAN,
                ComponentBeanRegistrar.ActorClasses.class)
            .classes());
  }
}
