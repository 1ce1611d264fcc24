package dev.plumb.spring.autoconfigure;

import dev.plumb.runtime.ComponentInfo;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.PlumbActor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code plumb} actuator endpoint, Dapr's metadata API in Spring: the app id, the components
 * (name, type, version, block), the subscriptions and binding listeners, and the actor types.
 */
@Endpoint(id = "plumb")
public final class PlumbEndpoint {
  private final Plumb plumb;
  private final PlumbHandlers handlers;
  private final List<Class<?>> actorClasses;

  PlumbEndpoint(Plumb plumb, PlumbHandlers handlers, List<Class<?>> actorClasses) {
    this.plumb = plumb;
    this.handlers = handlers;
    this.actorClasses = actorClasses;
  }

  /**
   * Describes the runtime.
   *
   * @return {@code appId}, {@code components}, {@code subscriptions}, {@code actors}
   */
  @ReadOperation
  public Map<String, Object> describe() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("appId", plumb.appId());
    List<Map<String, String>> components = new ArrayList<>();
    for (ComponentInfo c : plumb.components()) {
      components.add(
          Map.of(
              "name", c.name(),
              "type", c.type(),
              "version", c.version(),
              "api", c.api().getSimpleName()));
    }
    d.put("components", components);
    d.put("subscriptions", handlers.describe());
    List<Map<String, String>> actors = new ArrayList<>();
    for (Class<?> c : actorClasses) {
      PlumbActor a = c.getAnnotation(PlumbActor.class);
      actors.add(
          Map.of(
              "type", a.type().isEmpty() ? a.value().getSimpleName() : a.type(),
              "interface", a.value().getName(),
              "implementation", c.getName()));
    }
    d.put("actors", actors);
    return d;
  }
}
