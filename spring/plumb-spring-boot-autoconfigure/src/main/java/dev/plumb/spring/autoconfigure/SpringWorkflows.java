package dev.plumb.spring.autoconfigure;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.workflow.Activity;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowConfigurationException;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.PlumbActivities;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Registers the application's {@link Workflow} and {@link Activity} beans with the runtime, each
 * named after its class's simple name as {@code Plumb.Builder#workflow(Workflow)} names it, and the
 * methods of the interfaces its {@link PlumbActivities} beans name, each named after its method as
 * {@link ActivityDefinition#allOf} names it.
 *
 * <p>Workflow beans are taken when the runtime is built (workflow code calls activities, not
 * components, so it needs nothing the runtime provides). Activity beans usually inject components,
 * which come from the runtime being built: each is registered by its bean definition's type and
 * looked up on its first call, so that building it waits until the context can. {@link
 * PlumbActivities} beans are registered the same way, through a stand-in implementing the
 * interface.
 */
final class SpringWorkflows {
  private SpringWorkflows() {}

  /** Registers every workflow and activity bean of the factory on the builder. */
  static void register(Plumb.Builder b, ConfigurableListableBeanFactory beanFactory) {
    for (String name : beanFactory.getBeanNamesForType(Workflow.class, true, false)) {
      b.workflow(workflow(name, beanFactory));
    }
    for (String name : beanFactory.getBeanNamesForType(Activity.class, true, false)) {
      b.activity(activity(name, beanFactory));
    }
    Map<Class<?>, String> beanByInterface = new HashMap<>();
    // Not getBeanNamesForAnnotation: it may initialize FactoryBeans, while the runtime that beans
    // usually depend on is being built.
    for (String name : beanFactory.getBeanNamesForType(Object.class, true, false)) {
      PlumbActivities marked = beanFactory.findAnnotationOnBean(name, PlumbActivities.class, false);
      if (marked != null) {
        activities(b, name, marked, beanFactory, beanByInterface);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static WorkflowDefinition<Object, Object> workflow(
      String bean, ConfigurableListableBeanFactory beanFactory) {
    Class<?> type = type(bean, beanFactory);
    Type[] io = types(bean, type, Workflow.class);
    Workflow<Object, Object> workflow = beanFactory.getBean(bean, Workflow.class);
    return WorkflowDefinition.of(type.getSimpleName(), io[0], io[1], workflow);
  }

  @SuppressWarnings("unchecked")
  private static ActivityDefinition<Object, Object> activity(
      String bean, ConfigurableListableBeanFactory beanFactory) {
    Class<?> type = type(bean, beanFactory);
    Type[] io = types(bean, type, Activity.class);
    Activity<Object, Object> lazy =
        (ctx, input) -> beanFactory.getBean(bean, Activity.class).run(ctx, input);
    return ActivityDefinition.of(type.getSimpleName(), io[0], io[1], lazy);
  }

  /** Registers the methods of each interface the bean names, run by the bean once it is built. */
  private static void activities(
      Plumb.Builder b,
      String bean,
      PlumbActivities marked,
      ConfigurableListableBeanFactory beanFactory,
      Map<Class<?>, String> beanByInterface) {
    Class<?> type = type(bean, beanFactory);
    String where = "@PlumbActivities bean '" + bean + "' (" + type.getName() + ")";
    if (marked.value().length == 0) {
      throw new ConfigurationException(where + " names no activity interface");
    }
    for (Class<?> api : marked.value()) {
      if (!api.isInterface()) {
        throw new ConfigurationException(where + ": " + api.getName() + " is not an interface");
      }
      if (!api.isAssignableFrom(type)) {
        throw new ConfigurationException(where + " does not implement " + api.getName());
      }
      String other = beanByInterface.putIfAbsent(api, bean);
      if (other != null) {
        throw new ConfigurationException(
            "@PlumbActivities beans '"
                + other
                + "' and '"
                + bean
                + "' both implement "
                + api.getName()
                + "; its activities are named after its methods, so one bean must run them");
      }
      try {
        definitions(api, bean, beanFactory).forEach(b::activity);
      } catch (WorkflowConfigurationException e) {
        throw new ConfigurationException(where + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The interface's activities, run by a stand-in that calls the bean, fetched from the context on
   * each call (a map lookup once it is built) as the lazy {@link Activity} registration does. The
   * stand-in implements the interface itself, so allOf reads the same methods and generic types.
   */
  private static <T> List<ActivityDefinition<Object, Object>> definitions(
      Class<T> api, String bean, ConfigurableListableBeanFactory factory) {
    InvocationHandler h =
        (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) {
            // Answered here so that printing or comparing the stand-in never builds the bean.
            switch (m.getName()) {
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                return "activities of bean '" + bean + "' (" + api.getName() + ")";
            }
          }
          // The interface may be package-private, which reflection refuses without this.
          m.trySetAccessible();
          try {
            return m.invoke(factory.getBean(bean), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    T standIn = api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, h));
    return ActivityDefinition.allOf(api, standIn);
  }

  private static Class<?> type(String bean, ConfigurableListableBeanFactory beanFactory) {
    Class<?> type = beanFactory.getType(bean, false);
    if (type == null) {
      throw new ConfigurationException(
          "bean '"
              + bean
              + "' (a workflow or activity): its type cannot be determined before it is built");
    }
    return ClassUtils.getUserClass(type);
  }

  /** The input and output types the class gives the interface's type arguments. */
  private static Type[] types(String bean, Class<?> type, Class<?> api) {
    ResolvableType as = ResolvableType.forClass(type).as(api);
    ResolvableType in = as.getGeneric(0);
    ResolvableType out = as.getGeneric(1);
    if (in.resolve() == null || out.resolve() == null) {
      throw new ConfigurationException(
          api.getSimpleName()
              + " bean '"
              + bean
              + "' ("
              + type.getName()
              + "): its class must name both type arguments of "
              + api.getSimpleName()
              + "<I, O>");
    }
    return new Type[] {in.getType(), out.getType()};
  }
}
