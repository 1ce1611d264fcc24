package dev.plumb.spring.autoconfigure;

import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.ComponentInfo;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;

/**
 * Wraps a component's facade so that its blocking calls are Micrometer observations: {@code
 * plumb.state} (state calls), {@code plumb.pubsub.publish}, {@code plumb.binding.invoke}, with the
 * low-cardinality tags {@code plumb.component}, {@code plumb.component.type} and {@code
 * plumb.operation}. Without an observation registry the facade is returned as it is.
 */
final class ObservedComponents {
  private static final Map<Class<?>, String> NAMES =
      Map.of(
          StateStore.class, "plumb.state",
          PubSub.class, "plumb.pubsub.publish",
          OutputBinding.class, "plumb.binding.invoke");
  // Calls that do no I/O: not observed.
  private static final Set<String> LOCAL =
      Set.of("name", "features", "async", "toString", "hashCode", "equals", "operations");

  private ObservedComponents() {}

  @SuppressWarnings("try") // the scope makes the observation current for the call
  static <T> T wrap(Class<T> api, ComponentInfo c, T facade, ObservationRegistry registry) {
    String name = NAMES.get(api);
    if (name == null || registry == null || registry.isNoop()) {
      return facade;
    }
    Object proxy =
        Proxy.newProxyInstance(
            api.getClassLoader(),
            new Class<?>[] {api},
            (p, method, args) -> {
              if (LOCAL.contains(method.getName())
                  || (api == PubSub.class && !method.getName().startsWith("publish"))) {
                return invoke(facade, method, args);
              }
              Observation o =
                  Observation.createNotStarted(name, registry)
                      .contextualName(c.name() + " " + method.getName())
                      .lowCardinalityKeyValue("plumb.component", c.name())
                      .lowCardinalityKeyValue("plumb.component.type", c.type())
                      .lowCardinalityKeyValue("plumb.operation", method.getName());
              if (api == PubSub.class && args != null && args.length > 0) {
                o.lowCardinalityKeyValue("messaging.destination.name", String.valueOf(args[0]));
              }
              o.start();
              try (Observation.Scope scope = o.openScope()) {
                return invoke(facade, method, args);
              } catch (Throwable t) {
                o.error(t);
                throw t;
              } finally {
                o.stop();
              }
            });
    return api.cast(proxy);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
