package dev.plumb.runtime.internal;

import dev.plumb.api.ComponentNotFoundException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facades of one {@code Plumb} instance by API and component name, for facades that use each
 * other after the build (a state store's outbox publishes through a pub/sub facade). Filled while
 * the instance builds; look-ups are meant for calls after that. Thread-safe.
 */
public final class Facades {
  private final Map<Class<?>, Map<String, Object>> byApi = new ConcurrentHashMap<>();

  /** Creates an empty directory. */
  public Facades() {}

  /**
   * Records a facade.
   *
   * @param api the block's user API
   * @param name the component's name
   * @param facade the facade
   */
  public void put(Class<?> api, String name, Object facade) {
    byApi.computeIfAbsent(api, a -> new ConcurrentHashMap<>()).put(name, facade);
  }

  /**
   * Tells whether a facade exists.
   *
   * @param api the block's user API
   * @param name the component's name
   * @return {@code true} if the instance holds it
   */
  public boolean has(Class<?> api, String name) {
    return byApi.getOrDefault(api, Map.of()).containsKey(name);
  }

  /**
   * Returns a facade.
   *
   * @param api the block's user API
   * @param name the component's name
   * @param <F> the API
   * @return the facade
   * @throws ComponentNotFoundException if there is none of that name
   */
  public <F> F get(Class<F> api, String name) {
    Object f = byApi.getOrDefault(api, Map.of()).get(name);
    if (f == null) {
      throw new ComponentNotFoundException(
          api.getSimpleName() + " '" + name + "' is not found in this Plumb instance");
    }
    return api.cast(f);
  }
}
