package dev.plumb.testkit;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.spi.MetadataField;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link ComponentContext} for creating components in tests from plain metadata, without a {@code
 * Plumb} instance:
 *
 * <pre>{@code
 * try (TestComponentContext ctx =
 *     new TestComponentContext("statestore", "state.redis", Map.of("redisHost", "localhost:6379"))
 *         .withClock(clock)) {
 *   StateComponent store = new RedisStateStoreProvider().create(ctx);
 * }
 * }</pre>
 *
 * <p>Immutable apart from its scheduler: the {@code with...} methods return a new context, and each
 * context creates its own single-threaded daemon scheduler on first use, shut down by {@link
 * #close()}. Defaults: version {@code v1}, app id {@code test-app}, the system UTC clock. Each
 * context holds one {@link ComponentMetadata} view, so problems a provider records stay visible to
 * the test. Thread-safe.
 */
public final class TestComponentContext implements ComponentContext, AutoCloseable {
  private final String name;
  private final String type;
  private final String version;
  private final String appId;
  private final List<MetadataField> fields;
  private final ComponentMetadata metadata;
  private final Clock clock;
  private ScheduledExecutorService scheduler;
  private boolean closed;

  /**
   * Creates a context with plain (non-secret) metadata.
   *
   * @param name the component's name
   * @param type the component's type, such as {@code state.redis}
   * @param metadata the metadata fields
   */
  public TestComponentContext(String name, String type, Map<String, String> metadata) {
    this(name, type, "v1", "test-app", plain(metadata), Clock.systemUTC());
  }

  private TestComponentContext(
      String name,
      String type,
      String version,
      String appId,
      List<MetadataField> fields,
      Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.version = Objects.requireNonNull(version, "version");
    this.appId = Objects.requireNonNull(appId, "appId");
    this.fields = List.copyOf(fields);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metadata =
        new ComponentMetadata("component '" + name + "' (" + type + ", test)", this.fields);
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
    return new TestComponentContext(name, type, version, appId, fields, clock);
  }

  /**
   * Returns a copy with another app id.
   *
   * @param appId the app id; may be empty
   * @return a new context
   */
  public TestComponentContext withAppId(String appId) {
    return new TestComponentContext(name, type, version, appId, fields, clock);
  }

  /**
   * Returns a copy with another {@code spec.version}.
   *
   * @param version for example {@code v2}
   * @return a new context
   */
  public TestComponentContext withVersion(String version) {
    return new TestComponentContext(name, type, version, appId, fields, clock);
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
    return new TestComponentContext(name, type, version, appId, more, clock);
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
    for (ComponentProvider<?> p : ServiceLoader.load(ComponentProvider.class)) {
      if (p.type().equalsIgnoreCase(type) && p.versions().contains(version)) {
        AutoCloseable created = p.create(this);
        if (componentClass.isInstance(created)) {
          return componentClass.cast(created);
        }
        created.close();
        throw new IllegalStateException(
            "type '" + type + "' does not create a " + componentClass.getSimpleName());
      }
    }
    throw new IllegalStateException(
        "no provider for type '" + type + "' " + version + " on the class path");
  }

  /**
   * Returns this context's scheduler, creating it on first use.
   *
   * @throws IllegalStateException if the context is closed
   */
  @Override
  public synchronized ScheduledExecutorService scheduler() {
    if (closed) {
      throw new IllegalStateException("test component context '" + name + "' is closed");
    }
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "plumb-test-scheduler-" + name);
                t.setDaemon(true);
                return t;
              });
    }
    return scheduler;
  }

  /** Shuts the scheduler down, if one was created. */
  @Override
  public synchronized void close() {
    closed = true;
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "TestComponentContext[" + name + ", " + type + ", " + metadata + "]";
  }
}
