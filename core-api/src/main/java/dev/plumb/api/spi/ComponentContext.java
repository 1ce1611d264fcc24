package dev.plumb.api.spi;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a provider gets to create one component: its identity, its metadata (secret references
 * already resolved) and the runtime's services. Use {@link #clock()} for every expiry and {@link
 * #scheduler()} for every timer, so tests can skip time, and never start threads of your own.
 */
public interface ComponentContext {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name} from the resource file
   */
  String name();

  /**
   * Returns the component's type.
   *
   * @return {@code spec.type}, for example {@code state.redis}
   */
  String type();

  /**
   * Returns the component's version.
   *
   * @return {@code spec.version}, for example {@code v1}
   */
  String version();

  /**
   * Returns the application id of the hosting {@code Plumb} instance.
   *
   * @return the app id; never {@code null}, may be empty
   */
  String appId();

  /**
   * Returns the component's metadata as a typed view.
   *
   * @return the metadata, secret references and templates resolved
   */
  ComponentMetadata metadata();

  /**
   * Returns the runtime's clock: use it for every TTL and expiry.
   *
   * @return the injected clock, the system UTC clock by default
   */
  Clock clock();

  /**
   * Returns the component's scheduler, for background work such as expiry sweeps. Its tasks belong
   * to the component: the runtime cancels those still scheduled when the component closes.
   *
   * @return the scheduler, following {@link #clock()}
   */
  Scheduler scheduler();

  /**
   * Returns an executor for blocking work the component hands off, such as a listener that waits on
   * a socket. Virtual threads where the JVM has them; never shut it down.
   *
   * @return the runtime's executor for blocking work
   */
  Executor blockingExecutor();

  /**
   * Reads an environment variable through the runtime, so that {@code Plumb.builder().env(...)}
   * reaches the component.
   *
   * @param name the variable's name
   * @return its value, or empty if unset
   */
  Optional<String> env(String name);
}
