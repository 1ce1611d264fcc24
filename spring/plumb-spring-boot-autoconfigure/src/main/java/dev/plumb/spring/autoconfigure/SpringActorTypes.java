package dev.plumb.spring.autoconfigure;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorFactory;
import dev.plumb.api.actors.ActorType;
import dev.plumb.spring.PlumbActor;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.core.MethodParameter;

/** Builds actor types whose instances Spring constructs, one per activation. */
final class SpringActorTypes {
  private SpringActorTypes() {}

  static List<ActorType<?>> of(List<Class<?>> classes, AutowireCapableBeanFactory beanFactory) {
    List<ActorType<?>> types = new ArrayList<>();
    for (Class<?> c : classes) {
      types.add(type(c, c.getAnnotation(PlumbActor.class), beanFactory));
    }
    return types;
  }

  private static <T> ActorType<T> type(
      Class<?> impl, PlumbActor annotation, AutowireCapableBeanFactory beanFactory) {
    @SuppressWarnings("unchecked")
    Class<T> api = (Class<T>) annotation.value();
    if (!api.isAssignableFrom(impl)) {
      throw new ConfigurationException(
          "@PlumbActor " + impl.getName() + " does not implement " + api.getName());
    }
    Constructor<?> ctor = BeanUtils.getResolvableConstructor(impl);
    ActorFactory<T> factory = context -> api.cast(create(ctor, context, beanFactory));
    ActorType.Builder<T> b = ActorType.builder(api, factory);
    if (!annotation.type().isEmpty()) {
      b.name(annotation.type());
    }
    return b.build();
  }

  /** Calls the constructor: the context for {@link ActorContext} parameters, beans for the rest. */
  private static Object create(
      Constructor<?> ctor, ActorContext context, AutowireCapableBeanFactory beanFactory) {
    Object[] args = new Object[ctor.getParameterCount()];
    for (int i = 0; i < args.length; i++) {
      MethodParameter p = new MethodParameter(ctor, i);
      args[i] =
          p.getParameterType() == ActorContext.class
              ? context
              : beanFactory.resolveDependency(new DependencyDescriptor(p, true), null);
    }
    Object actor = BeanUtils.instantiateClass(ctor, args);
    beanFactory.autowireBean(actor);
    return actor;
  }
}
