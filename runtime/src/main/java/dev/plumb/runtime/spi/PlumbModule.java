package dev.plumb.runtime.spi;

/**
 * An engine module (actors, workflows): found with {@link java.util.ServiceLoader} (list the class
 * in {@code META-INF/services/dev.plumb.runtime.spi.PlumbModule}), it creates one {@link Engine}
 * per {@code Plumb} instance, after every component is created and before the start phase.
 * Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface PlumbModule {

  /**
   * Returns the module's name, for messages and telemetry.
   *
   * @return for example {@code actors}; unique among the modules on the class path
   */
  String name();

  /**
   * Creates the engine of one {@code Plumb} instance. Check its configuration here, so that
   * problems surface in {@code build()}.
   *
   * @param context the runtime's services
   * @return the engine; closed when the instance closes
   * @throws dev.plumb.api.ConfigurationException if the configuration is invalid; the build fails
   * @throws Exception if the engine cannot be created; the build fails
   */
  Engine create(EngineContext context) throws Exception;
}
