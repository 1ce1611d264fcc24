package dev.plumb.spring.autoconfigure;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.workflow.Activity;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.runtime.Plumb;
import java.lang.reflect.Type;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Registers the application's {@link Workflow} and {@link Activity} beans with the runtime, each
 * named after its class's simple name as {@code Plumb.Builder#workflow(Workflow)} names it.
 *
 * <p>Workflow beans are taken when the runtime is built (workflow code calls activities, not
 * components, so it needs nothing the runtime provides). Activity beans usually inject components,
 * which come from the runtime being built: each is registered by its bean definition's type and
 * looked up on its first call, so that building it waits until the context can.
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

  private static Class<?> type(String bean, ConfigurableListableBeanFactory beanFactory) {
    Class<?> type = beanFactory.getType(bean, false);
    if (type == null) {
      throw new ConfigurationException(
          "workflow bean '" + bean + "': its type cannot be determined before it is built");
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
