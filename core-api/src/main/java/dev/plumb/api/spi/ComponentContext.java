package dev.plumb.api.spi;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a provider gets to create one component: its identity, its metadata (secret references
 * already resolved) and the runtime's clock and scheduler. Use the injected {@link #clock()} for
 * every expiry and timer so tests can skip time.
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
   * Returns a scheduler for background work such as expiry sweepers. Shared with other components;
   * never block in its tasks. Plumb shuts it down on close.
   *
   * @return the shared scheduler
   */
  ScheduledExecutorService scheduler();
}
