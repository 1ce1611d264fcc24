package dev.plumb.testkit;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.spi.MetadataField;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.runtime.spi.ClockScheduler;
import dev.plumb.runtime.spi.Providers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link ComponentContext} for creating components in tests from plain metadata, without a {@code
 * Plumb} instance:
 *
 * <pre>{@code
 * try (TestComponentContext ctx =
 *     new TestComponentContext("statestore", "state.redis", Map.of("redisHost", "localhost:6379"))
 *         .withClock(clock)) {
 *   StateComponent store = new RedisStateProvider().create(ctx);
 * }
 * }</pre>
 *
 * <p>Immutable apart from its threads: the {@code with...} methods return a new context, and each
 * context creates, on first use, its own blocking executor and (unless {@link
 * #withScheduler(Scheduler)} gave one, such as a {@link TestScheduler}) a real-time scheduler on
 * its clock; {@link #close()} shuts them down. Defaults: version {@code v1}, app id {@code
 * test-app}, the system UTC clock, no environment variables. Each context holds one {@link
 * ComponentMetadata} view, so problems a provider records stay visible to the test. Providers are
 * found exactly as the runtime finds them. Thread-safe.
 */
public final class TestComponentContext implements ComponentContext, AutoCloseable {
  private final String name;
  private final String type;
  private final String version;
  private final String appId;
  private final List<MetadataField> fields;
  private final ComponentMetadata metadata;
  private final Clock clock;
  private final Scheduler givenScheduler;
  private final Map<String, String> env;
  private ClockScheduler scheduler;
  private ExecutorService blocking;
  private boolean closed;

  /**
   * Creates a context with plain (non-secret) metadata.
   *
   * @param name the component's name
   * @param type the component's type, such as {@code state.redis}
   * @param metadata the metadata fields
   */
  public TestComponentContext(String name, String type, Map<String, String> metadata) {
    this(name, type, "v1", "test-app", plain(metadata), Clock.systemUTC(), null, Map.of());
  }

  private TestComponentContext(
      String name,
      String type,
      String version,
      String appId,
      List<MetadataField> fields,
      Clock clock,
      Scheduler scheduler,
      Map<String, String> env) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.version = Objects.requireNonNull(version, "version");
    this.appId = Objects.requireNonNull(appId, "appId");
    this.fields = List.copyOf(fields);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.givenScheduler = scheduler;
    this.env = Map.copyOf(env);
    this.metadata =
        ComponentMetadata.of("component '" + name + "' (" + type + ", test)", this.fields);
  }

  private static List<MetadataField> plain(Map<String, String> metadata) {
    List<MetadataField> list = new ArrayList<>();
    metadata.forEach((k, v) -> list.add(new MetadataField(k, v, false, 0)));
    return list;
  }

  /**
   * Returns a copy using another clock, such as a {@link TestClock}.
   *
   * @param clock the clock
   * @return a new context
   */
  public TestComponentContext withClock(Clock clock) {
    return new TestComponentContext(name, type, version, appId, fields, clock, givenScheduler, env);
  }

  /**
   * Returns a copy whose components schedule their timers on the given scheduler, such as a {@link
   * TestScheduler}, whose clock it also takes.
   *
   * @param scheduler the scheduler
   * @return a new context
   */
  public TestComponentContext withScheduler(Scheduler scheduler) {
    return new TestComponentContext(
        name, type, version, appId, fields, scheduler.clock(), scheduler, env);
  }

  /**
   * Returns a copy that answers {@link #env(String)} from a map instead of no variables.
   *
   * @param env the environment variables
   * @return a new context
   */
  public TestComponentContext withEnv(Map<String, String> env) {
    return new TestComponentContext(name, type, version, appId, fields, clock, givenScheduler, env);
  }

  /**
   * Returns a copy with another app id.
   *
   * @param appId the app id; may be empty
   * @return a new context
   */
  public TestComponentContext withAppId(String appId) {
    return new TestComponentContext(name, type, version, appId, fields, clock, givenScheduler, env);
  }

  /**
   * Returns a copy with another {@code spec.version}.
   *
   * @param version for example {@code v2}
   * @return a new context
   */
  public TestComponentContext withVersion(String version) {
    return new TestComponentContext(name, type, version, appId, fields, clock, givenScheduler, env);
  }

  /**
   * Returns a copy with one more metadata field marked as resolved from a {@code secretKeyRef}.
   *
   * @param field the field name
   * @param value the secret's value
   * @return a new context
   */
  public TestComponentContext withSecret(String field, String value) {
    List<MetadataField> more = new ArrayList<>(fields);
    more.add(new MetadataField(field, value, true, 0));
    return new TestComponentContext(name, type, version, appId, more, clock, givenScheduler, env);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String appId() {
    return appId;
  }

  @Override
  public ComponentMetadata metadata() {
    return metadata;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /**
   * Creates a component of this context's type and version with the provider found on the class
   * path, as Plumb would.
   *
   * @param componentClass the building block's component interface, such as {@code
   *     StateComponent.class}
   * @param <C> the component interface
   * @return the started component; the caller closes it
   * @throws IllegalStateException if no provider matches or it creates another kind of component
   * @throws Exception if the provider fails to start the component
   */
  public <C extends AutoCloseable> C createComponent(Class<C> componentClass) throws Exception {
    ComponentProvider<?> p =
        Providers.find(type, version, TestComponentContext.class.getClassLoader())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no provider for type '" + type + "' " + version + " on the class path"));
    AutoCloseable created = p.create(this);
    if (componentClass.isInstance(created)) {
      return componentClass.cast(created);
    }
    created.close();
    throw new IllegalStateException(
        "type '" + type + "' does not create a " + componentClass.getSimpleName());
  }

  /**
   * Returns the scheduler given to {@link #withScheduler(Scheduler)}, or this context's real-time
   * scheduler on its clock, created on first use.
   *
   * @throws IllegalStateException if the context is closed
   */
  @Override
  public synchronized Scheduler scheduler() {
    if (givenScheduler != null) {
      return givenScheduler;
    }
    checkOpen();
    if (scheduler == null) {
      scheduler = new ClockScheduler(clock, blockingExecutor());
    }
    return scheduler;
  }

  /**
   * Returns this context's executor of blocking work, created on first use.
   *
   * @throws IllegalStateException if the context is closed
   */
  @Override
  public synchronized Executor blockingExecutor() {
    checkOpen();
    if (blocking == null) {
      blocking =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "plumb-test-blocking-" + name);
                t.setDaemon(true);
                return t;
              });
    }
    return blocking;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("test component context '" + name + "' is closed");
    }
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }

  /** Shuts down the scheduler and executor this context created. */
  @Override
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.close();
    }
    if (blocking != null) {
      blocking.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "TestComponentContext[" + name + ", " + type + ", " + metadata + "]";
  }
}
