package dev.plumb.api.spi;

import java.util.Set;

/**
 * Creates components of one Dapr {@code spec.type}. Providers are found with {@link
 * java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.plumb.api.spi.ComponentProvider}); Plumb creates a component only when a
 * resource file names its type, never because a provider is on the classpath.
 *
 * <p>Two providers claiming the same type and version are a start-up error. Implementations need a
 * public no-argument constructor and must be thread-safe.
 *
 * @param <C> the building block's component interface, such as {@link
 *     dev.plumb.api.state.spi.StateComponent}
 */
public interface ComponentProvider<C extends AutoCloseable> {

  /**
   * Returns the Dapr component type this provider handles.
   *
   * @return for example {@code state.redis}; the prefix before the first dot names the building
   *     block ({@code state}, {@code pubsub}, {@code bindings}, {@code secretstores}, {@code
   *     configuration}, {@code lock}, {@code crypto})
   */
  String type();

  /**
   * Returns the {@code spec.version} values this provider accepts.
   *
   * @return a non-empty set; {@code v1} by default
   */
  default Set<String> versions() {
    return Set.of("v1");
  }

  /**
   * Returns the building block's component interface, which the created object implements.
   *
   * @return for example {@code StateComponent.class}
   */
  Class<C> componentClass();

  /**
   * Creates and starts a component. Read every metadata field through {@link
   * ComponentContext#metadata()} first, call {@link ComponentMetadata#validate()}, then connect.
   *
   * @param context the component's name, metadata and runtime services
   * @return a started component; Plumb closes it when the {@code Plumb} instance closes
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws Exception if the component cannot start; Plumb wraps it with the component's identity
   */
  C create(ComponentContext context) throws Exception;
}
