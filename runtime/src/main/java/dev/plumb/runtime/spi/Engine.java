package dev.plumb.runtime.spi;

import java.util.Optional;

/**
 * One engine module's running instance inside one {@code Plumb}: it serves its user API (such as
 * {@code Actors}) through {@code Plumb#engine(Class)} and takes part in the instance's {@link
 * Lifecycle}. Thread-safe.
 */
public interface Engine extends Lifecycle {

  /**
   * Returns this engine's implementation of a user API.
   *
   * @param api a core-api interface, such as {@code dev.plumb.api.actors.Actors}
   * @param <T> the interface
   * @return the implementation, or empty if this engine does not serve {@code api}
   */
  <T> Optional<T> api(Class<T> api);
}
