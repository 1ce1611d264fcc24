package dev.plumb.spring.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.Serializer;
import dev.plumb.api.actors.Actors;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.DeliveryListener;
import dev.plumb.spring.PlumbBuilderCustomizer;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Configures one Plumb runtime per application context from the {@code plumb.*} properties: a
 * {@link Plumb} bean, one bean per component (bean name = component name, typed by block), the
 * {@code @Topic}, {@code @BindingListener} and {@code @ConfigurationListener} methods of every
 * bean, the {@code @PlumbActor} classes, the {@code Workflow}, {@code Activity} and
 * {@code @PlumbActivities} beans, and the lifecycle that starts the runtime after the context is
 * refreshed and drains it before the web server stops. Off with {@code plumb.enabled=false}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnProperty(
    prefix = "plumb",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(PlumbProperties.class)
public class PlumbAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PlumbAutoConfiguration() {}

  /**
   * Declares the component beans before any bean is built.
   *
   * @return the registrar
   */
  @Bean
  static ComponentBeanRegistrar plumbComponentRegistrar() {
    return new ComponentBeanRegistrar();
  }

  /**
   * Finds the {@code @Topic} and {@code @BindingListener} methods of every bean.
   *
   * @param beanFactory resolves {@code ${...}} placeholders in topic names
   * @return the finder
   */
  @Bean
  static PlumbHandlers plumbHandlers(ConfigurableListableBeanFactory beanFactory) {
    return new PlumbHandlers(beanFactory);
  }

  /**
   * Builds the runtime, started later by the lifecycle. Values are serialized with the
   * application's {@link Serializer} bean, else its Jackson 2 {@link ObjectMapper}, else its
   * Jackson 3 {@code JsonMapper}, else Plumb's default mapper; telemetry goes to its {@link
   * OpenTelemetry} bean when there is one.
   *
   * @param properties the {@code plumb.*} properties
   * @param resourceLoader resolves {@code classpath:} resources
   * @param beanFactory gives the optional beans and builds actors
   * @param customizers change the builder last
   * @param environment receives the configuration store's property source, if one is set
   * @return the runtime; closed by the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Plumb plumb(
      PlumbProperties properties,
      ResourceLoader resourceLoader,
      ConfigurableListableBeanFactory beanFactory,
      ObjectProvider<PlumbBuilderCustomizer> customizers,
      ConfigurableEnvironment environment) {
    Plumb.Builder b = PlumbSetup.builder(properties, resourceLoader);
    Serializer serializer = beanFactory.getBeanProvider(Serializer.class).getIfUnique();
    ObjectMapper mapper =
        serializer != null ? null : beanFactory.getBeanProvider(ObjectMapper.class).getIfUnique();
    if (serializer != null) {
      b.serializer(serializer);
    } else if (mapper != null) {
      b.objectMapper(mapper);
    } else if (ClassUtils.isPresent(
        "tools.jackson.databind.json.JsonMapper", resourceLoader.getClassLoader())) {
      Jackson3.apply(b, beanFactory);
    }
    OpenTelemetry otel = beanFactory.getBeanProvider(OpenTelemetry.class).getIfUnique();
    if (otel != null) {
      b.openTelemetry(otel);
    }
    if (ClassUtils.isPresent("dev.plumb.actors.ActorsModule", resourceLoader.getClassLoader())) {
      ComponentBeanRegistrar.ActorClasses actors =
          beanFactory.getBean(
              ComponentBeanRegistrar.ACTOR_CLASSES_BEAN, ComponentBeanRegistrar.ActorClasses.class);
      SpringActorTypes.of(actors.classes(), beanFactory).forEach(b::actor);
    }
    if (ClassUtils.isPresent(
        "dev.plumb.workflow.WorkflowModule", resourceLoader.getClassLoader())) {
      SpringWorkflows.register(b, beanFactory);
    }
    customizers.orderedStream().forEach(c -> c.customize(b));
    Plumb plumb = b.build();
    try {
      StorePropertySource.attach(
          plumb, properties.getConfiguration().getPropertySource(), environment);
    } catch (RuntimeException e) {
      plumb.close();
      throw e;
    }
    return plumb;
  }

  /**
   * Starts and stops the runtime with the context.
   *
   * @param plumb the runtime
   * @param handlers the handler methods found
   * @param listeners hear every delivery's outcome
   * @param observations where process observations go, if any
   * @return the lifecycle
   */
  @Bean
  PlumbLifecycle plumbLifecycle(
      Plumb plumb,
      PlumbHandlers handlers,
      ObjectProvider<DeliveryListener> listeners,
      ObjectProvider<ObservationRegistry> observations) {
    return new PlumbLifecycle(
        plumb,
        handlers,
        listeners.orderedStream().toList(),
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  /**
   * Exposes the virtual actors: {@code actors.proxy(Cart.class, "user-1")}.
   *
   * @param plumb the runtime
   * @return the actors API
   */
  @Bean
  @ConditionalOnClass(name = "dev.plumb.actors.ActorsModule")
  @ConditionalOnMissingBean
  Actors plumbActors(Plumb plumb) {
    return plumb.actors();
  }

  /**
   * Exposes the durable workflows: {@code workflows.schedule(OrderWorkflow.class, order)}. The
   * application's {@code Workflow}, {@code Activity} and {@code @PlumbActivities} beans are
   * registered with the runtime.
   *
   * @param plumb the runtime
   * @return the workflows API
   */
  @Bean
  @ConditionalOnClass(name = "dev.plumb.workflow.WorkflowModule")
  @ConditionalOnMissingBean
  Workflows plumbWorkflows(Plumb plumb) {
    return plumb.workflows();
  }

  /** Kept apart so that Jackson 3 classes load only when Jackson 3 is present. */
  private static final class Jackson3 {
    static void apply(Plumb.Builder b, ConfigurableListableBeanFactory beanFactory) {
      tools.jackson.databind.json.JsonMapper mapper =
          beanFactory.getBeanProvider(tools.jackson.databind.json.JsonMapper.class).getIfUnique();
      if (mapper != null) {
        b.serializer(new Jackson3Serializer(mapper));
      }
    }
  }
}
