package dev.plumb.spring.autoconfigure;

import dev.plumb.api.bindings.InputBinding;
import dev.plumb.runtime.ComponentInfo;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.PlumbActor;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Declares one bean per component before any bean is built, from the components the runtime will
 * serve ({@link Plumb.Builder#plannedComponents()}): bean name = component name, bean type = the
 * block's API, primary when it is the only component of its block. Each bean is the runtime's own
 * facade, taken from the {@link Plumb} bean when first injected. No code per block: a block the
 * runtime serves becomes beans as soon as the runtime lists it.
 *
 * <p>Also finds the {@link PlumbActor} classes of the application's packages.
 */
final class ComponentBeanRegistrar
    implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, ResourceLoaderAware {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentBeanRegistrar.class);
  static final String ACTOR_CLASSES_BEAN = "plumbActorClasses";

  private Environment environment;
  private ResourceLoader resourceLoader;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setResourceLoader(ResourceLoader resourceLoader) {
    this.resourceLoader = resourceLoader;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    PlumbProperties properties = PlumbSetup.bind(environment);
    if (!properties.isEnabled()) {
      return;
    }
    BeanFactory beanFactory = (BeanFactory) registry;
    Map<String, ComponentInfo> byName = new LinkedHashMap<>();
    for (ComponentInfo c : PlumbSetup.builder(properties, resourceLoader).plannedComponents()) {
      // A binding serving both directions is one bean: its output side; listeners take the input.
      ComponentInfo known = byName.get(c.name());
      if (known == null || known.api() == InputBinding.class) {
        byName.put(c.name(), c);
      }
    }
    Map<Class<?>, Integer> perBlock = new HashMap<>();
    byName.values().forEach(c -> perBlock.merge(c.api(), 1, Integer::sum));
    for (ComponentInfo c : byName.values()) {
      if (registry.containsBeanDefinition(c.name())) {
        LOG.warn(
            "component '{}' is not declared as a bean: a bean of that name exists; inject it with"
                + " Plumb#component",
            c.name());
        continue;
      }
      registry.registerBeanDefinition(
          c.name(), definition(c, perBlock.get(c.api()) == 1, beanFactory));
    }
    registry.registerBeanDefinition(ACTOR_CLASSES_BEAN, actorClasses(beanFactory));
  }

  private static <T> RootBeanDefinition definition(
      ComponentInfo c, boolean only, BeanFactory beanFactory) {
    @SuppressWarnings("unchecked")
    Class<T> api = (Class<T>) c.api();
    RootBeanDefinition bd = new RootBeanDefinition(api);
    bd.setInstanceSupplier(
        () -> {
          T facade = beanFactory.getBean(Plumb.class).component(api, c.name());
          ObservationRegistry observations =
              beanFactory
                  .getBeanProvider(ObservationRegistry.class)
                  .getIfAvailable(() -> ObservationRegistry.NOOP);
          return ObservedComponents.wrap(api, c, facade, observations);
        });
    bd.setPrimary(only);
    bd.setRole(BeanDefinition.ROLE_APPLICATION);
    bd.setDescription("Plumb component '" + c.name() + "' (" + c.type() + ")");
    bd.setDependsOn("plumb");
    // The runtime closes its components; Spring must not call close() on the facades.
    bd.setDestroyMethodName("");
    return bd;
  }

  private RootBeanDefinition actorClasses(BeanFactory beanFactory) {
    List<Class<?>> found = new ArrayList<>();
    if (ClassUtils.isPresent("dev.plumb.actors.ActorsModule", resourceLoader.getClassLoader())
        && AutoConfigurationPackages.has(beanFactory)) {
      ClassPathScanningCandidateComponentProvider scanner =
          new ClassPathScanningCandidateComponentProvider(false, environment);
      scanner.setResourceLoader(resourceLoader);
      scanner.addIncludeFilter(new AnnotationTypeFilter(PlumbActor.class));
      for (String pkg : AutoConfigurationPackages.get(beanFactory)) {
        for (BeanDefinition bd : scanner.findCandidateComponents(pkg)) {
          found.add(
              ClassUtils.resolveClassName(bd.getBeanClassName(), resourceLoader.getClassLoader()));
        }
      }
    }
    RootBeanDefinition bd = new RootBeanDefinition(ActorClasses.class);
    List<Class<?>> classes = List.copyOf(found);
    bd.setInstanceSupplier(() -> new ActorClasses(classes));
    bd.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
    return bd;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}

  /** The {@link PlumbActor} classes found. */
  record ActorClasses(List<Class<?>> classes) {}
}
