package dev.plumb.runtime.spi;

import dev.plumb.api.Serializer;
import dev.plumb.api.spi.Scheduler;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What an engine gets from its {@code Plumb} instance: identity, components, time, threads,
 * serialization, telemetry and the loaded resource documents. Valid from {@link PlumbModule#create}
 * until the engine is closed. Thread-safe.
 */
public interface EngineContext {

  /**
   * Returns the application id.
   *
   * @return the app id; may be empty
   */
  String appId();

  /**
   * Returns the namespace.
   *
   * @return the namespace; may be empty
   */
  String namespace();

  /**
   * Returns the created components of a building block.
   *
   * @param componentClass the block's SPI interface, such as {@code StateComponent.class}
   * @param <C> the interface
   * @return the components in load order; empty if none
   */
  <C> List<ComponentHandle<C>> components(Class<C> componentClass);

  /**
   * Returns one created component of a building block.
   *
   * @param name the component's name
   * @param componentClass the block's SPI interface
   * @param <C> the interface
   * @return the component, or empty if none of that name and block exists
   */
  <C> Optional<ComponentHandle<C>> component(String name, Class<C> componentClass);

  /**
   * Returns the application-facing facade of a component, as {@code Plumb}'s typed accessors do.
   *
   * @param api the block's user API, such as {@code StateStore.class}
   * @param name the component's name
   * @param <F> the API
   * @return the facade
   * @throws dev.plumb.api.ComponentNotFoundException if no such component is loaded
   */
  <F> F facade(Class<F> api, String name);

  /**
   * Returns the runtime's clock: use it for every instant.
   *
   * @return the injected clock
   */
  Clock clock();

  /**
   * Returns the engine's scheduler: every timer goes through it, so tests can skip time. Tasks
   * still scheduled are cancelled when the engine closes.
   *
   * @return the scheduler
   */
  Scheduler scheduler();

  /**
   * Returns the executor of asynchronous work and dispatch (virtual threads where the JVM has them,
   * a bounded pool otherwise). Never block one of its threads waiting for another of its tasks.
   *
   * @return the executor
   */
  Executor executor();

  /**
   * Returns the executor of blocking work (virtual threads where the JVM has them, an elastic pool
   * otherwise).
   *
   * @return the executor
   */
  Executor blockingExecutor();

  /**
   * Returns the serializer of application values.
   *
   * @return the runtime's serializer
   */
  Serializer serializer();

  /**
   * Returns where spans and metrics go.
   *
   * @return the instance's OpenTelemetry, {@code GlobalOpenTelemetry} unless the builder set one
   */
  OpenTelemetry openTelemetry();

  /**
   * Returns what the application registered for engines on {@code Plumb.Builder} (such as actor
   * types with their factories), in registration order.
   *
   * @param type the registration's type, a core-api class of the engine's block
   * @param <T> that type
   * @return the registrations of that type; empty if none
   */
  <T> List<T> registrations(Class<T> type);

  /**
   * Returns the loaded resource documents of a kind that apply to the app.
   *
   * @param kind {@code Subscription}, {@code Resiliency}, {@code Configuration} (components are
   *     reached through {@link #components})
   * @return the documents in load order; empty if none
   */
  List<Document> documents(String kind);
}
