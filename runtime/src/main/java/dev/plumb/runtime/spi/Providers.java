package dev.plumb.runtime.spi;

import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.runtime.internal.registry.ComponentRegistry;
import java.util.Optional;

/** Finds component providers exactly as the runtime does, for tools and test kits. */
public final class Providers {
  private Providers() {}

  /**
   * Finds the provider a {@code Plumb} instance would use for a component type and version.
   *
   * @param type the component type, any case, such as {@code state.redis}
   * @param version the version, such as {@code v1}
   * @param loader where {@code META-INF/services} entries are looked up
   * @return the provider, or empty if none on the class path handles that type and version
   * @throws dev.plumb.api.ConfigurationException if two providers claim that type and version
   */
  public static Optional<ComponentProvider<?>> find(
      String type, String version, ClassLoader loader) {
    return ComponentRegistry.findProvider(type, version, loader);
  }
}
