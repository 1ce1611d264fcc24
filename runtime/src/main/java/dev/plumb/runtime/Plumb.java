package dev.plumb.runtime;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.Serializer;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.lock.DefaultLockStore;
import dev.plumb.runtime.internal.registry.ComponentRegistry;
import dev.plumb.runtime.internal.resources.ComponentResource;
import dev.plumb.runtime.internal.resources.Resources;
import dev.plumb.runtime.internal.resources.Warnings;
import dev.plumb.runtime.internal.secrets.DefaultSecretStore;
import dev.plumb.runtime.internal.secrets.SecretScope;
import dev.plumb.runtime.internal.serialization.JacksonSerializer;
import dev.plumb.runtime.internal.state.DefaultStateStore;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The entry point: one Dapr-style runtime embedded in the application. Built from Dapr resource
 * files ({@code Component}, {@code Subscription}, {@code Resiliency}, {@code Configuration}) and
 * components built in code; every component is created and started by {@link Builder#build()}, so
 * configuration errors surface there and nowhere later.
 *
 * <pre>{@code
 * try (Plumb plumb = Plumb.builder().appId("orders").resources(Path.of("components")).build()) {
 *   plumb.stateStore("statestore").save("order-1", order);
 * }
 * }</pre>
 *
 * <p>Thread-safe: look components up from any thread. {@link #close()} closes the components in
 * reverse start order, then the executors Plumb created.
 */
public final class Plumb implements AutoCloseable {
  private final RuntimeContext runtime;
  private final ComponentRegistry registry;
  private final Resources resources;
  private final boolean ownsExecutor;
  private final Map<String, StateStore> stateStores;
  private final Map<String, SecretStore> secretStores;
  private final Map<String, LockStore> lockStores;
  private final List<String> warnings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Plumb(
      RuntimeContext runtime,
      ComponentRegistry registry,
      Resources resources,
      boolean ownsExecutor,
      Map<String, StateStore> stateStores,
      Map<String, SecretStore> secretStores,
      Map<String, LockStore> lockStores,
      List<String> warnings) {
    this.runtime = runtime;
    this.registry = registry;
    this.resources = resources;
    this.ownsExecutor = ownsExecutor;
    this.stateStores = stateStores;
    this.secretStores = secretStores;
    this.lockStores = lockStores;
    this.warnings = warnings;
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
   * Returns the application id.
   *
   * @return the app id given to the builder; empty if none
   */
  public String appId() {
    return runtime.appId();
  }

  /**
   * Returns a state store.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no state store of that name is loaded
   */
  public StateStore stateStore(String name) {
    return lookup(stateStores, name, "state store", "state stores");
  }

  /**
   * Returns a secret store, filtered by the {@code Configuration}'s secret scopes.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no secret store of that name is loaded
   */
  public SecretStore secretStore(String name) {
    return lookup(secretStores, name, "secret store", "secret stores");
  }

  /**
   * Returns a distributed lock store.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no lock store of that name is loaded
   */
  public LockStore lockStore(String name) {
    return lookup(lockStores, name, "lock store", "lock stores");
  }

  /**
   * Returns the warnings of the build, also logged through SLF4J: fields Dapr does not have (with
   * the closest known one), metadata fields the provider does not use, unset {@code envRef}
   * variables, skipped files, documents and components. A failed build attaches them to its {@link
   * ConfigurationException} as suppressed exceptions.
   *
   * @return the warnings in the order found, each naming file, line and field; immutable
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Returns the loaded resources: subscriptions, resiliency documents and configurations, for the
   * building blocks that read them.
   */
  Resources resources() {
    return resources;
  }

  private <T> T lookup(Map<String, T> stores, String name, String what, String plural) {
    if (closed.get()) {
      throw new IllegalStateException("this Plumb instance is closed");
    }
    T store = stores.get(name);
    if (store != null) {
      return store;
    }
    StringBuilder message =
        new StringBuilder(what).append(" '").append(name).append("' is not found");
    registry
        .typeOf(name)
        .ifPresent(t -> message.append(" ('").append(name).append("' is a ").append(t).append(")"));
    if (stores.isEmpty()) {
      message.append("; no ").append(plural).append(" are configured");
    } else {
      message.append("; ").append(plural).append(": ").append(String.join(", ", stores.keySet()));
    }
    throw new ComponentNotFoundException(message.toString());
  }

  /**
   * Closes every component in reverse start order (a failure is logged and the others are still
   * closed), then shuts down the scheduler and the executor Plumb created. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    registry.close();
    shutdown(runtime.scheduler(), runtime.executor(), ownsExecutor);
  }

  private static void shutdown(
      ScheduledExecutorService scheduler, ExecutorService executor, boolean ownsExecutor) {
    scheduler.shutdownNow();
    if (ownsExecutor) {
      executor.shutdown();
    }
  }

  @Override
  public String toString() {
    return "Plumb[appId="
        + runtime.appId()
        + ", stateStores="
        + stateStores.keySet()
        + ", secretStores="
        + secretStores.keySet()
        + ", lockStores="
        + lockStores.keySet()
        + "]";
  }

  /** Builds a {@link Plumb}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private String appId = "";
    private final List<Path> resources = new ArrayList<>();
    private final List<ComponentResource> components = new ArrayList<>();
    private final List<ComponentProvider<?>> providers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private ExecutorService executor;
    private Serializer serializer;
    private String namespace;
    private Function<String, String> env = System::getenv;
    private boolean skipUnsupported;

    private Builder() {}

    /**
     * Sets the application id, used for key prefixes and resource scopes.
     *
     * @param appId the app id; not {@code null}
     * @return this builder
     */
    public Builder appId(String appId) {
      this.appId = Objects.requireNonNull(appId, "appId");
      return this;
    }

    /**
     * Adds resource folders or single files. Repeatable; folders are read in the order given, their
     * {@code *.yaml} and {@code *.yml} files sorted by name, other files skipped with a warning.
     *
     * @param paths folders or files
     * @return this builder
     */
    public Builder resources(Path... paths) {
      for (Path p : paths) {
        resources.add(Objects.requireNonNull(p, "path"));
      }
      return this;
    }

    /**
     * Adds a component built in code, {@code v1}.
     *
     * @param name the component's name
     * @param type its type, such as {@code state.in-memory}
     * @param metadata plain metadata values; templates such as {@code {uuid}} apply
     * @return this builder
     */
    public Builder component(String name, String type, Map<String, String> metadata) {
      return component(name, type, "v1", metadata);
    }

    /**
     * Adds a component built in code.
     *
     * @param name the component's name
     * @param type its type
     * @param version its version, such as {@code v2}
     * @param metadata plain metadata values
     * @return this builder
     */
    public Builder component(
        String name, String type, String version, Map<String, String> metadata) {
      components.add(
          ComponentResource.inCode(
              Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(type, "type"),
              Objects.requireNonNull(version, "version"),
              new LinkedHashMap<>(metadata)));
      return this;
    }

    /**
     * Adds a provider besides those found on the classpath. One of the same class as a discovered
     * provider replaces it.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(ComponentProvider<?> provider) {
      providers.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /**
     * Sets the clock for every expiry, TTL and timer.
     *
     * @param clock the clock; the system UTC clock by default
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the executor of blocking calls behind the async APIs and of component starts. Plumb does
     * not shut a given executor down. By default: a virtual thread per task where the JVM has them,
     * else a pool of max(4, 2 × cores) daemon threads, shut down on close.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the serializer of values that are not {@code byte[]}.
     *
     * @param serializer the serializer; JSON through Jackson by default
     * @return this builder
     */
    public Builder serializer(Serializer serializer) {
      this.serializer = Objects.requireNonNull(serializer, "serializer");
      return this;
    }

    /**
     * Sets the namespace, for the {@code namespace} key prefix, the {@code {namespace}} template
     * and the resources' namespace filter.
     *
     * @param namespace the namespace; the {@code NAMESPACE} environment variable by default
     * @return this builder
     */
    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /**
     * Sets how environment variables are read ({@code envRef}, {@code NAMESPACE}, {@code
     * POD_NAME}); for tests.
     *
     * @param env returns a variable's value or {@code null}; {@code System::getenv} by default
     * @return this builder
     */
    public Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /**
     * Skips, with a warning, every component whose type is a Dapr type that Plumb has no provider
     * for (such as {@code pubsub.redis}), instead of failing the build: for loading a Dapr
     * resources folder as it is. Unknown types and Plumb types whose artifact is missing still
     * fail.
     *
     * @return this builder
     */
    public Builder skipUnsupportedComponents() {
      this.skipUnsupported = true;
      return this;
    }

    /**
     * Loads the resources and starts every component.
     *
     * @return the running instance
     * @throws ConfigurationException naming file, line, component and field of every problem, with
     *     the warnings found so far as suppressed exceptions; nothing stays started
     */
    public Plumb build() {
      String ns = namespace != null ? namespace : env.apply("NAMESPACE");
      ns = ns == null ? "" : ns;
      boolean ownsExecutor = executor == null;
      ExecutorService exec = ownsExecutor ? defaultExecutor() : executor;
      ScheduledThreadPoolExecutor scheduler =
          new ScheduledThreadPoolExecutor(1, daemonThreads("plumb-scheduler-"));
      scheduler.setRemoveOnCancelPolicy(true);
      RuntimeContext runtime =
          new RuntimeContext(
              appId,
              ns,
              serializer != null ? serializer : new JacksonSerializer(),
              clock,
              exec,
              scheduler,
              env);
      ComponentRegistry registry = null;
      Warnings warnings = new Warnings();
      try {
        Resources loaded = Resources.load(resources, appId, ns, warnings);
        List<ComponentResource> all = new ArrayList<>(loaded.components());
        all.addAll(components);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        registry =
            ComponentRegistry.start(
                all,
                loaded.resiliencies(),
                providers,
                loader != null ? loader : Plumb.class.getClassLoader(),
                runtime,
                warnings,
                skipUnsupported);
        Map<String, SecretScope> scopes = loaded.secretScopes();
        Map<String, StateStore> state = new LinkedHashMap<>();
        Map<String, SecretStore> secrets = new LinkedHashMap<>();
        Map<String, LockStore> locks = new LinkedHashMap<>();
        for (String name : registry.names(StateComponent.class)) {
          state.put(
              name, new DefaultStateStore(runtime, find(registry, name, StateComponent.class)));
        }
        for (String name : registry.names(SecretStoreComponent.class)) {
          secrets.put(
              name,
              new DefaultSecretStore(
                  find(registry, name, SecretStoreComponent.class), scopes.get(name)));
        }
        for (String name : registry.names(LockComponent.class)) {
          locks.put(name, new DefaultLockStore(runtime, find(registry, name, LockComponent.class)));
        }
        loaded.warnAboutScopesOfMissingStores(secrets.keySet(), warnings);
        return new Plumb(
            runtime,
            registry,
            loaded,
            ownsExecutor,
            Map.copyOf(state),
            Map.copyOf(secrets),
            Map.copyOf(locks),
            warnings.list());
      } catch (RuntimeException | Error e) {
        warnings.attachTo(e);
        if (registry != null) {
          registry.close();
        }
        shutdown(scheduler, exec, ownsExecutor);
        throw e;
      }
    }

    private static <C> LoadedComponent<C> find(
        ComponentRegistry registry, String name, Class<C> type) {
      return registry.find(name, type).orElseThrow();
    }

    /**
     * Returns a virtual-thread-per-task executor when the JVM has one (Java 21+), found by
     * reflection so that Java 17 still runs; else a bounded pool of daemon threads.
     */
    private static ExecutorService defaultExecutor() {
      try {
        Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        return (ExecutorService) m.invoke(null);
      } catch (ReflectiveOperationException | ClassCastException e) {
        int threads = Math.max(4, 2 * java.lang.Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool =
            new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemonThreads("plumb-worker-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
      }
    }

    private static ThreadFactory daemonThreads(String prefix) {
      AtomicInteger count = new AtomicInteger();
      Supplier<String> names = () -> prefix + count.incrementAndGet();
      return r -> {
        Thread t = new Thread(r, names.get());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
