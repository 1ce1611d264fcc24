package dev.plumb.testkit;

import dev.plumb.api.actors.ActorFactory;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.runtime.Plumb;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a {@link Plumb} on a {@link TestScheduler} and its {@link
 * TestClock} for a test class, so that every TTL, timer and reminder waits for the test to move
 * time.
 *
 * <pre>{@code
 * @RegisterExtension
 * static PlumbExtension plumb =
 *     PlumbExtension.builder()
 *         .appId("test")
 *         .component("statestore", "state.in-memory", Map.of())
 *         .build();
 *
 * @Test
 * void expires() {
 *   plumb.plumb().lockStore("locks").tryLock("r", "me", Duration.ofSeconds(5));
 *   plumb.clock().advance(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Registered on a {@code static} field, one instance (and one clock) serves every test of the
 * class and closes after all of them; on an instance field, each test gets its own. A build failure
 * ({@link dev.plumb.api.ConfigurationException}) fails the tests.
 */
public final class PlumbExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Builder settings;
  private volatile Plumb plumb;
  private volatile TestScheduler scheduler;
  private volatile boolean perTest;

  private PlumbExtension(Builder settings) {
    this.settings = settings;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the running instance.
   *
   * @return the {@code Plumb} of the current test class (or test)
   * @throws IllegalStateException outside a test
   */
  public Plumb plumb() {
    Plumb p = plumb;
    if (p == null) {
      throw new IllegalStateException("Plumb runs only while tests run");
    }
    return p;
  }

  /**
   * Returns the clock every component of {@link #plumb()} uses. Moving it alone expires TTLs and
   * locks; to also run the timers that fall due, move time through {@link #scheduler()}.
   *
   * @return the test clock
   * @throws IllegalStateException outside a test
   */
  public TestClock clock() {
    return scheduler().testClock();
  }

  /**
   * Returns the scheduler of every timer of {@link #plumb()}: {@code scheduler().advance(d)} moves
   * the clock and runs what falls due on the way.
   *
   * @return the test scheduler
   * @throws IllegalStateException outside a test
   */
  public TestScheduler scheduler() {
    TestScheduler s = scheduler;
    if (s == null) {
      throw new IllegalStateException("the scheduler exists only while tests run");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (plumb == null) {
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private synchronized void start() {
    TestScheduler s = new TestScheduler(new TestClock(settings.start));
    Plumb.Builder b = Plumb.builder().appId("test").scheduler(s);
    settings.steps.forEach(step -> step.accept(b));
    plumb = b.build();
    scheduler = s;
  }

  private synchronized void stop() {
    Plumb p = plumb;
    plumb = null;
    scheduler = null;
    if (p != null) {
      p.close();
    }
  }

  /** Configures a {@link PlumbExtension}; the same settings as {@link Plumb.Builder}. */
  public static final class Builder {
    // Replayed on a fresh Plumb.Builder for each Plumb the extension builds.
    private final List<Consumer<Plumb.Builder>> steps = new ArrayList<>();
    private Instant start = TestClock.start().instant();

    private Builder() {}

    /**
     * Sets the app id.
     *
     * @param appId the app id; {@code test} by default
     * @return this builder
     */
    public Builder appId(String appId) {
      Objects.requireNonNull(appId, "appId");
      steps.add(b -> b.appId(appId));
      return this;
    }

    /**
     * Adds resource folders or files.
     *
     * @param paths folders or files of Dapr YAML
     * @return this builder
     */
    public Builder resources(Path... paths) {
      List<Path> copy = List.of(paths);
      steps.add(b -> b.resources(copy.toArray(new Path[0])));
      return this;
    }

    /**
     * Adds a component built in code, {@code v1}.
     *
     * @param name its name
     * @param type its type, such as {@code lock.in-memory}
     * @param metadata plain metadata values
     * @return this builder
     */
    public Builder component(String name, String type, Map<String, String> metadata) {
      return component(name, type, "v1", metadata);
    }

    /**
     * Adds a component built in code.
     *
     * @param name its name
     * @param type its type
     * @param version its version
     * @param metadata plain metadata values
     * @return this builder
     */
    public Builder component(
        String name, String type, String version, Map<String, String> metadata) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(version, "version");
      Map<String, String> copy = Map.copyOf(metadata);
      steps.add(b -> b.component(name, type, version, copy));
      return this;
    }

    /**
     * Adds a provider besides those on the classpath.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(ComponentProvider<?> provider) {
      Objects.requireNonNull(provider, "provider");
      steps.add(b -> b.provider(provider));
      return this;
    }

    /**
     * Registers an actor type named after its interface; its reminders and timers then follow the
     * test scheduler, so a reminder due in a week fires when the test advances a week.
     *
     * @param actorInterface the interface callers use
     * @param factory builds the actor objects
     * @param <T> the interface
     * @return this builder
     */
    public <T> Builder actor(Class<T> actorInterface, ActorFactory<? extends T> factory) {
      return actor(ActorType.of(actorInterface, factory));
    }

    /**
     * Registers an actor type with its own name or options.
     *
     * @param type the type
     * @return this builder
     */
    public Builder actor(ActorType<?> type) {
      Objects.requireNonNull(type, "type");
      steps.add(b -> b.actor(type));
      return this;
    }

    /**
     * Sets the actor options of every type.
     *
     * @param defaults the options
     * @return this builder
     */
    public Builder actorOptions(ActorOptions defaults) {
      Objects.requireNonNull(defaults, "defaults");
      steps.add(b -> b.actorOptions(defaults));
      return this;
    }

    /**
     * Sets the namespace.
     *
     * @param namespace the namespace
     * @return this builder
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      steps.add(b -> b.namespace(namespace));
      return this;
    }

    /**
     * Sets how environment variables are read.
     *
     * @param env returns a variable's value or {@code null}
     * @return this builder
     */
    public Builder env(Function<String, String> env) {
      Objects.requireNonNull(env, "env");
      steps.add(b -> b.env(env));
      return this;
    }

    /**
     * Sets where the test clock starts.
     *
     * @param start the initial instant; 2026-01-01T00:00:00Z by default
     * @return this builder
     */
    public Builder clockStart(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * Creates the extension; Plumb is built when the tests start.
     *
     * @return the extension
     */
    public PlumbExtension build() {
      return new PlumbExtension(this);
    }
  }
}
