package dev.plumb.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.Serializer;
import dev.plumb.api.actors.ActorFactory;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.Actors;
import dev.plumb.api.bindings.InputBinding;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.workflow.Activity;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.runtime.internal.Facades;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.blocks.Block;
import dev.plumb.runtime.internal.blocks.Blocks;
import dev.plumb.runtime.internal.engines.RuntimeEngineContext;
import dev.plumb.runtime.internal.registry.ComponentRegistry;
import dev.plumb.runtime.internal.resources.ComponentResource;
import dev.plumb.runtime.internal.resources.MetadataEntry;
import dev.plumb.runtime.internal.resources.Resources;
import dev.plumb.runtime.internal.resources.Warnings;
import dev.plumb.runtime.internal.serialization.JacksonSerializer;
import dev.plumb.runtime.spi.ClockScheduler;
import dev.plumb.runtime.spi.Document;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.Lifecycle;
import dev.plumb.runtime.spi.PlumbModule;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one Dapr-style runtime embedded in the application. Built from Dapr resource
 * files ({@code Component}, {@code Subscription}, {@code Resiliency}, {@code Configuration}) and
 * components built in code.
 *
 * <pre>{@code
 * try (Plumb plumb = Plumb.builder().appId("orders").resources(Path.of("components")).build()) {
 *   plumb.stateStore("statestore").save("order-1", order);
 * }
 * }</pre>
 *
 * <p>Its life has four phases. {@link Builder#build()} creates and checks every component, facade
 * and engine, so configuration errors surface there. {@link #start()} then opens the intake
 * (subscriptions, input bindings, actor hosting); {@code build()} starts at once unless {@link
 * Builder#deferStart()} was called, so that a container can register handlers first. {@link
 * #close()} stops the intake, lets work in flight finish for up to a grace period, then closes
 * engines and components in reverse order.
 *
 * <p>Thread-safe: look components up from any thread.
 */
public final class Plumb implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Plumb.class);

  private enum Phase {
    BUILT,
    STARTED,
    CLOSED
  }

  private final RuntimeContext runtime;
  private final ComponentRegistry registry;
  private final Map<Block<?, ?>, Map<String, Object>> facades;
  private final List<Engine> engines = new ArrayList<>();
  private final List<RuntimeEngineContext> engineContexts = new ArrayList<>();
  private final Duration gracePeriod;
  private final List<AutoCloseable> owned;
  private final Warnings warnings;
  private volatile Phase phase = Phase.BUILT;

  private Plumb(
      RuntimeContext runtime,
      ComponentRegistry registry,
      Map<Block<?, ?>, Map<String, Object>> facades,
      Duration gracePeriod,
      List<AutoCloseable> owned,
      Warnings warnings) {
    this.runtime = runtime;
    this.registry = registry;
    this.facades = facades;
    this.gracePeriod = gracePeriod;
    this.owned = owned;
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
   * Returns the warnings of the build, also logged through SLF4J: fields Dapr does not have (with
   * the closest known one), metadata fields the provider does not use, unset {@code envRef}
   * variables, skipped files, documents and components. A failed build attaches them to its {@link
   * ConfigurationException} as suppressed exceptions.
   *
   * @return the warnings in the order found, each naming file, line and field; immutable
   */
  public List<String> warnings() {
    return warnings.list();
  }

  /**
   * Returns a state store.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no state store of that name is loaded
   * @throws IllegalStateException if this instance is closed
   */
  public StateStore stateStore(String name) {
    return facade(Blocks.STATE, name);
  }

  /**
   * Returns a secret store, filtered by the {@code Configuration}'s secret scopes.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no secret store of that name is loaded
   * @throws IllegalStateException if this instance is closed
   */
  public SecretStore secretStore(String name) {
    return facade(Blocks.SECRETS, name);
  }

  /**
   * Returns a distributed lock store.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no lock store of that name is loaded
   * @throws IllegalStateException if this instance is closed
   */
  public LockStore lockStore(String name) {
    return facade(Blocks.LOCK, name);
  }

  /**
   * Returns a configuration store: read its items and subscribe to their changes.
   *
   * @param name the component's {@code metadata.name}
   * @return the store; the same instance on every call
   * @throws ComponentNotFoundException if no configuration store of that name is loaded
   * @throws IllegalStateException if this instance is closed
   */
  public ConfigurationStore configurationStore(String name) {
    return facade(Blocks.CONFIGURATION, name);
  }

  /**
   * Returns a pub/sub component: publish to its topics, subscribe handlers in code, and bind the
   * handlers that its YAML {@code Subscription}s route to (before {@link #start()}).
   *
   * @param name the component's {@code metadata.name}
   * @return the pub/sub; the same instance on every call
   * @throws ComponentNotFoundException if no pub/sub component of that name is loaded
   * @throws IllegalStateException if this instance is closed
   */
  public PubSub pubSub(String name) {
    return facade(Blocks.PUBSUB, name);
  }

  /**
   * Returns an output binding.
   *
   * @param name the component's {@code metadata.name}
   * @return the binding; the same instance on every call
   * @throws ComponentNotFoundException if no output binding of that name is loaded (or its {@code
   *     direction} leaves output out)
   * @throws IllegalStateException if this instance is closed
   */
  public OutputBinding outputBinding(String name) {
    return facade(Blocks.OUTPUT_BINDING, name);
  }

  /**
   * Returns an input binding, to subscribe its handler: before {@link #start()} (see {@link
   * Builder#deferStart()}) it starts reading with the start, after it at once.
   *
   * <pre>{@code
   * plumb.inputBinding("orders-queue").subscribe(event -> {
   *   process(event.data());
   *   return null;
   * });
   * }</pre>
   *
   * @param name the component's {@code metadata.name}
   * @return the binding; the same instance on every call
   * @throws ComponentNotFoundException if no input binding of that name is loaded (or its {@code
   *     direction} leaves input out)
   * @throws IllegalStateException if this instance is closed
   */
  public InputBinding inputBinding(String name) {
    return facade(Blocks.INPUT_BINDING, name);
  }

  /**
   * Returns a crypto component: encrypt and decrypt documents in Dapr's {@code dapr.io/enc/v1}
   * format with its keys, and its low-level operations through {@link Cryptography#subtle()}.
   *
   * @param name the component's {@code metadata.name}
   * @return the component's facade; the same instance on every call
   * @throws ComponentNotFoundException if no crypto component of that name is loaded (the message
   *     lists the loaded ones)
   * @throws IllegalStateException if this instance is closed
   */
  public Cryptography crypto(String name) {
    return facade(Blocks.CRYPTO, name);
  }

  /**
   * Returns the virtual actors of this instance: the types registered with {@link
   * Builder#actor(Class, ActorFactory)}, hosted on the state store marked {@code actorStateStore}.
   *
   * @return the actors API; the same instance on every call
   * @throws ComponentNotFoundException if {@code dev.plumb:plumb-actors} is not on the class path
   * @throws IllegalStateException if this instance is closed
   */
  public Actors actors() {
    return engine(Actors.class, "dev.plumb:plumb-actors");
  }

  /**
   * Returns the durable workflows of this instance: schedules and manages instances of the
   * workflows registered with {@link Builder#workflow(WorkflowDefinition)}.
   *
   * @return the workflows API; the same instance on every call
   * @throws ComponentNotFoundException if {@code dev.plumb:plumb-workflow} is not on the class path
   * @throws IllegalStateException if this instance is closed
   */
  public Workflows workflows() {
    return engine(Workflows.class, "dev.plumb:plumb-workflow");
  }

  /**
   * Returns the user API an engine module serves, such as the actor runtime.
   *
   * @param api the core-api interface
   * @param <T> the interface
   * @return the engine's implementation
   * @throws ComponentNotFoundException if no engine module on the class path serves {@code api}
   * @throws IllegalStateException if this instance is closed
   */
  public <T> T engine(Class<T> api) {
    return engine(api, null);
  }

  /**
   * Lists the components this instance serves, block by block in {@link #start()} order, for
   * containers that publish them (beans, health, metadata) without code per block.
   *
   * @return one entry per component and block it serves; immutable
   * @throws IllegalStateException if this instance is closed
   */
  public List<ComponentInfo> components() {
    checkOpen();
    List<ComponentInfo> all = new ArrayList<>();
    facades.forEach(
        (block, byName) -> {
          for (String name : byName.keySet()) {
            registry
                .find(name, block.componentClass())
                .ifPresent(
                    c -> all.add(new ComponentInfo(name, c.type(), c.version(), block.api())));
          }
        });
    return List.copyOf(all);
  }

  /**
   * Returns a component by its block's API, the generic form of {@link #stateStore(String)} and the
   * other typed accessors.
   *
   * @param api a block's user API, as {@link ComponentInfo#api()} names it
   * @param name the component's {@code metadata.name}
   * @param <T> the API
   * @return the facade; the same instance on every call
   * @throws IllegalArgumentException if {@code api} is not a building block's API
   * @throws ComponentNotFoundException if no component of that block and name is loaded
   * @throws IllegalStateException if this instance is closed
   */
  public <T> T component(Class<T> api, String name) {
    return api.cast(facadeFor(api, name));
  }

  /**
   * Checks that a component reaches its backend, with the provider's own {@code ping}, directly (no
   * resiliency policy): for health checks. Blocks the calling thread for as long as the ping takes.
   *
   * @param name the component's {@code metadata.name}
   * @return {@code true} if the ping succeeded, {@code false} if the component's block has no ping
   * @throws ComponentNotFoundException if no component of that name is loaded
   * @throws dev.plumb.api.ComponentException if the ping failed; its cause is the provider's error
   * @throws IllegalStateException if this instance is closed
   */
  public boolean ping(String name) {
    checkOpen();
    for (Block<?, ?> block : facades.keySet()) {
      Optional<? extends LoadedComponent<?>> found = registry.find(name, block.componentClass());
      if (found.isEmpty()) {
        continue;
      }
      LoadedComponent<?> c = found.get();
      Method ping;
      try {
        ping = block.componentClass().getMethod("ping");
      } catch (NoSuchMethodException e) {
        return false;
      }
      try {
        ping.invoke(c.component());
        return true;
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw new dev.plumb.api.ComponentException(
            name, c.type(), "ping failed: " + e.getCause(), e.getCause());
      } catch (IllegalAccessException e) {
        throw new dev.plumb.api.ComponentException(name, c.type(), "ping failed: " + e, e);
      }
    }
    throw new ComponentNotFoundException("component '" + name + "' is not found");
  }

  /** Finds an engine's API; {@code artifact}, if given, is what to add when none serves it. */
  private <T> T engine(Class<T> api, String artifact) {
    checkOpen();
    for (Engine e : engines) {
      Optional<T> found = e.api(api);
      if (found.isPresent()) {
        return found.get();
      }
    }
    throw new ComponentNotFoundException(
        "no engine module on the class path serves "
            + api.getName()
            + (artifact == null ? "" : "; add " + artifact));
  }

  /**
   * Opens the intake: subscriptions, input bindings, actor hosting. Called by {@link
   * Builder#build()} unless {@link Builder#deferStart()} was set; call it once the handlers are
   * registered.
   *
   * @throws IllegalStateException if already started or closed
   * @throws PlumbException if a member fails to start; the instance is then closed
   */
  public synchronized void start() {
    if (phase != Phase.BUILT) {
      throw new IllegalStateException(
          "this Plumb instance is already " + phase.name().toLowerCase());
    }
    phase = Phase.STARTED;
    for (Lifecycle member : members()) {
      try {
        member.start();
      } catch (Exception e) {
        close();
        throw e instanceof PlumbException
            ? (PlumbException) e
            : new ConfigurationException("failed to start " + member + ": " + e, e);
      }
    }
  }

  private void checkOpen() {
    if (phase == Phase.CLOSED) {
      throw new IllegalStateException("this Plumb instance is closed");
    }
  }

  @SuppressWarnings("unchecked")
  private <F> F facade(Block<F, ?> block, String name) {
    checkOpen();
    Map<String, Object> byName = facades.getOrDefault(block, Map.of());
    Object facade = byName.get(name);
    if (facade != null) {
      return (F) facade;
    }
    StringBuilder message =
        new StringBuilder(block.noun()).append(" '").append(name).append("' is not found");
    registry
        .typeOf(name)
        .ifPresent(t -> message.append(" ('").append(name).append("' is a ").append(t).append(")"));
    registry.whyNotStarted(name).ifPresent(why -> message.append(": ").append(why));
    if (byName.isEmpty()) {
      message.append("; no ").append(block.plural()).append(" are configured");
    } else {
      message.append("; ").append(block.plural()).append(": ");
      message.append(String.join(", ", byName.keySet()));
    }
    throw new ComponentNotFoundException(message.toString());
  }

  private Object facadeFor(Class<?> api, String name) {
    return facade(
        Blocks.ofApi(api)
            .orElseThrow(() -> new IllegalArgumentException("not a building block's API: " + api)),
        name);
  }

  /** Facades that take part in the lifecycle, then engines: the start and drain order. */
  private List<Lifecycle> members() {
    List<Lifecycle> members = new ArrayList<>();
    for (Map<String, Object> byName : facades.values()) {
      for (Object f : byName.values()) {
        if (f instanceof Lifecycle) {
          members.add((Lifecycle) f);
        }
      }
    }
    members.addAll(engines);
    return members;
  }

  /**
   * Stops the intake, waits up to the grace period for work in flight, then closes the engines and
   * facades in reverse start order, the components in reverse start order (a failure is logged and
   * the others are still closed), and finally the scheduler and executors Plumb created.
   * Idempotent.
   */
  @Override
  public void close() {
    List<Lifecycle> members;
    synchronized (this) {
      if (phase == Phase.CLOSED) {
        return;
      }
      boolean started = phase == Phase.STARTED;
      phase = Phase.CLOSED;
      members = members();
      if (started) {
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        for (Lifecycle m : members) {
          drainQuietly(m, Duration.ofNanos(deadline - System.nanoTime()));
        }
      }
    }
    List<Lifecycle> reverse = new ArrayList<>(members);
    Collections.reverse(reverse);
    reverse.forEach(Plumb::closeQuietly);
    engineContexts.forEach(Plumb::closeQuietly);
    registry.close();
    owned.forEach(Plumb::closeQuietly);
  }

  private static void drainQuietly(Lifecycle member, Duration timeout) {
    try {
      member.drain(timeout);
    } catch (RuntimeException e) {
      LOG.warn("{}: drain failed: {}", member, e.toString());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("{}: close failed: {}", c, e.toString());
    }
  }

  private void createEngines(
      ClassLoader loader, Map<String, List<Document>> documents, List<Object> registrations) {
    Set<String> names = new HashSet<>();
    for (PlumbModule module : ServiceLoader.load(PlumbModule.class, loader)) {
      if (!names.add(module.name())) {
        throw new ConfigurationException(
            "two engine modules on the class path are named '"
                + module.name()
                + "' (one is "
                + module.getClass().getName()
                + "); keep one of them");
      }
      RuntimeEngineContext context =
          new RuntimeEngineContext(runtime, registry, this::facadeFor, documents, registrations);
      engineContexts.add(context);
      try {
        engines.add(Objects.requireNonNull(module.create(context), "engine"));
      } catch (PlumbException e) {
        throw e;
      } catch (Exception e) {
        throw new ConfigurationException(
            "engine module '" + module.name() + "' failed to start: " + e, e);
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Plumb[appId=").append(runtime.appId());
    facades.forEach(
        (b, byName) -> sb.append(", ").append(b.name()).append('=').append(byName.keySet()));
    return sb.append(']').toString();
  }

  /** Builds a {@link Plumb}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private String appId = "";
    private final List<Path> resources = new ArrayList<>();
    private final List<ComponentResource> components = new ArrayList<>();
    private final List<ComponentProvider<?>> providers = new ArrayList<>();
    // What typed builder methods register for engine modules (actor types, workflows, ...).
    private final List<Object> registrations = new ArrayList<>();
    private Clock clock;
    private Scheduler scheduler;
    private ExecutorService executor;
    private Serializer serializer;
    private OpenTelemetry openTelemetry;
    private String namespace;
    private Function<String, String> env = System::getenv;
    private boolean deferStart;
    private Duration gracePeriod = Duration.ofSeconds(5);
    private boolean skipUnsupported;
    // Metadata set over the resources' values: component -> field -> value.
    private final Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
    // Components replaced by another type: component -> in-code resource of the new type.
    private final Map<String, ComponentResource> replacements = new LinkedHashMap<>();

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
     * Registers an actor type named after the interface's simple name, with the default options.
     *
     * @param actorInterface the interface callers use with {@code actors().proxy(...)}
     * @param factory builds one actor object per activation, such as {@code ctx -> new
     *     CartActor(ctx, prices)}
     * @param <T> the interface
     * @return this builder
     * @throws dev.plumb.api.actors.ActorConfigurationException if {@code actorInterface} is not an
     *     interface
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
      registrations.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /**
     * Registers a workflow named after its class's simple name, with the input and output types its
     * class declares.
     *
     * @param workflow the workflow
     * @return this builder
     * @throws dev.plumb.api.workflow.WorkflowConfigurationException if its types cannot be found
     */
    public Builder workflow(Workflow<?, ?> workflow) {
      return workflow(WorkflowDefinition.of(workflow));
    }

    /**
     * Registers a workflow with its own name, types or version.
     *
     * @param definition the definition
     * @return this builder
     */
    public Builder workflow(WorkflowDefinition<?, ?> definition) {
      registrations.add(Objects.requireNonNull(definition, "definition"));
      return this;
    }

    /**
     * Registers an activity named after its class's simple name, with the input and output types
     * its class declares.
     *
     * @param activity the activity
     * @return this builder
     * @throws dev.plumb.api.workflow.WorkflowConfigurationException if its types cannot be found
     */
    public Builder activity(Activity<?, ?> activity) {
      return activity(ActivityDefinition.of(activity));
    }

    /**
     * Registers an activity with its own name or types.
     *
     * @param definition the definition
     * @return this builder
     */
    public Builder activity(ActivityDefinition<?, ?> definition) {
      registrations.add(Objects.requireNonNull(definition, "definition"));
      return this;
    }

    /**
     * Registers every method of an activity interface as an activity run by an implementation,
     * named after the method ({@link ActivityDefinition#allOf}); workflows call them through {@code
     * WorkflowContext#activities}.
     *
     * @param activityInterface the interface
     * @param implementation the object that runs the calls
     * @param <T> the interface
     * @return this builder
     * @throws dev.plumb.api.workflow.WorkflowConfigurationException if a method does not fit
     */
    public <T> Builder activities(Class<T> activityInterface, T implementation) {
      registrations.addAll(ActivityDefinition.allOf(activityInterface, implementation));
      return this;
    }

    /**
     * Sets where workflows are stored, instead of the actor state store's native workflow storage
     * or memory: for tests that restart an engine on the same {@code InMemoryWorkflowStore}, or a
     * store built in code. Called twice, the last call wins.
     *
     * @param store the store
     * @return this builder
     */
    public Builder workflowStore(WorkflowStore store) {
      registrations.add(Objects.requireNonNull(store, "store"));
      return this;
    }

    /**
     * Sets the actor options of every type (Dapr's actor configuration); a type's own options
     * override them field by field. Called twice, the last call wins.
     *
     * @param defaults the options
     * @return this builder
     */
    public Builder actorOptions(ActorOptions defaults) {
      registrations.add(Objects.requireNonNull(defaults, "defaults"));
      return this;
    }

    /**
     * Sets the clock of every expiry, TTL and timer.
     *
     * @param clock the clock; by default the scheduler's, else the system UTC clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the scheduler of every timer (TTL sweeps, retry waits, timeouts, reminders), such as the
     * testkit's {@code TestScheduler}; its clock becomes the runtime's clock. Plumb does not close
     * a given scheduler.
     *
     * @param scheduler the scheduler; by default one timer thread on the clock
     * @return this builder
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Sets the executor of asynchronous calls and of handler dispatch. Plumb does not shut a given
     * executor down. By default: a virtual thread per task where the JVM has them, else a pool of
     * max(4, 2 × cores) daemon threads, shut down on close. Plumb never blocks one of its threads
     * waiting for another of its tasks, so even a small pool cannot deadlock.
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
     * Serializes values with the application's own Jackson mapper (its modules, naming strategy and
     * date formats) instead of Plumb's default one.
     *
     * @param mapper the mapper; used as is, never modified
     * @return this builder
     */
    public Builder objectMapper(ObjectMapper mapper) {
      return serializer(new JacksonSerializer(Objects.requireNonNull(mapper, "mapper")));
    }

    /**
     * Sets where spans and metrics go.
     *
     * @param openTelemetry the OpenTelemetry; {@code GlobalOpenTelemetry} by default
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
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
     * Sets how environment variables are read ({@code envRef}, {@code NAMESPACE}, {@code POD_NAME},
     * and components through their context); for tests.
     *
     * @param env returns a variable's value or {@code null}; {@code System::getenv} by default
     * @return this builder
     */
    public Builder env(Function<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
      return this;
    }

    /**
     * Makes {@link #build()} stop before the start phase, for containers that register handlers
     * after building: call {@link Plumb#start()} then.
     *
     * @return this builder
     */
    public Builder deferStart() {
      this.deferStart = true;
      return this;
    }

    /**
     * Sets how long {@link Plumb#close()} lets work in flight (deliveries, actor turns) finish once
     * the intake is stopped.
     *
     * @param gracePeriod the longest wait; zero closes at once; 5 seconds by default
     * @return this builder
     */
    public Builder shutdownGracePeriod(Duration gracePeriod) {
      if (Objects.requireNonNull(gracePeriod, "gracePeriod").isNegative()) {
        throw new IllegalArgumentException("gracePeriod must not be negative: " + gracePeriod);
      }
      this.gracePeriod = gracePeriod;
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
     * Sets a metadata field of a component of the resources (or one built in code), replacing the
     * value written there or adding the field: for containers that override resources with their
     * own configuration. A component of that name must be loaded.
     *
     * @param component the component's name
     * @param field the metadata field, as Dapr spells it
     * @param value the plain value
     * @return this builder
     */
    public Builder metadata(String component, String field, String value) {
      overrides
          .computeIfAbsent(
              Objects.requireNonNull(component, "component"), k -> new LinkedHashMap<>())
          .put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces a component of the resources by one of another type, keeping its name and scopes and
     * dropping its metadata: for tests that swap a backend for its in-memory twin ({@code
     * state.in-memory}) while every other resource stays. A component of that name must be loaded.
     *
     * @param component the component's name
     * @param type the new type, {@code v1}
     * @param metadata the new component's plain metadata
     * @return this builder
     */
    public Builder replaceComponent(String component, String type, Map<String, String> metadata) {
      replacements.put(
          Objects.requireNonNull(component, "component"),
          ComponentResource.inCode(
              component,
              Objects.requireNonNull(type, "type"),
              "v1",
              new LinkedHashMap<>(metadata)));
      return this;
    }

    /**
     * Lists the components {@link #build()} would serve, without creating any: reads the resources
     * and finds each component's provider on the class path, so that a container can declare them
     * before building. A binding serves a direction when its provider implements it and its plain
     * {@code direction} metadata allows it.
     *
     * @return one entry per component and block, in resource order; a component without a provider
     *     on the class path is listed by its type's block (the build reports the missing artifact)
     * @throws ConfigurationException if the resources cannot be read
     */
    public List<ComponentInfo> plannedComponents() {
      String ns = namespace != null ? namespace : env.apply("NAMESPACE");
      Warnings quiet = new Warnings();
      List<ComponentResource> all =
          withOverrides(Resources.load(resources, appId, ns == null ? "" : ns, quiet).components());
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      loader = loader != null ? loader : Plumb.class.getClassLoader();
      List<ComponentInfo> planned = new ArrayList<>();
      for (ComponentResource c : all) {
        // Without a provider the type's block still names it; the build then reports the artifact.
        Optional<Class<?>> componentClass = componentClassOf(c, loader);
        Map<String, String> plain = new LinkedHashMap<>();
        c.metadata().stream()
            .filter(m -> m.value() != null)
            .forEach(m -> plain.put(m.name(), m.value()));
        dev.plumb.api.spi.ComponentMetadata md =
            dev.plumb.api.spi.ComponentMetadata.of(c.describe(), plain);
        for (Block<?, ?> block : Blocks.ALL) {
          if (c.type().startsWith(block.typePrefix())
              && componentClass.map(k -> block.componentClass().isAssignableFrom(k)).orElse(true)
              && block.serves(md)) {
            planned.add(new ComponentInfo(c.name(), c.type(), c.version(), block.api()));
          }
        }
      }
      return List.copyOf(planned);
    }

    private Optional<Class<?>> componentClassOf(ComponentResource c, ClassLoader loader) {
      for (ComponentProvider<?> p : providers) {
        if (p.type().equalsIgnoreCase(c.type()) && p.versions().contains(c.version())) {
          return Optional.of(p.componentClass());
        }
      }
      return ComponentRegistry.findProvider(c.type(), c.version(), loader)
          .map(ComponentProvider::componentClass);
    }

    /** The resources' and code's components with {@link #metadata} applied; checks the names. */
    private List<ComponentResource> withOverrides(List<ComponentResource> loaded) {
      List<ComponentResource> all = new ArrayList<>(loaded);
      all.addAll(components);
      if (overrides.isEmpty() && replacements.isEmpty()) {
        return all;
      }
      Set<String> unknown = new HashSet<>(overrides.keySet());
      unknown.addAll(replacements.keySet());
      List<ComponentResource> result = new ArrayList<>();
      for (ComponentResource original : all) {
        ComponentResource c = original;
        ComponentResource replacement = replacements.get(c.name());
        if (replacement != null) {
          unknown.remove(c.name());
          c =
              new ComponentResource(
                  c.name(),
                  c.namespace(),
                  replacement.type(),
                  replacement.version(),
                  replacement.metadata(),
                  c.initTimeout(),
                  false,
                  null,
                  c.scopes(),
                  c.document(),
                  c.typeLine());
        }
        Map<String, String> set = overrides.get(c.name());
        if (set == null) {
          result.add(c);
          continue;
        }
        unknown.remove(c.name());
        List<MetadataEntry> entries = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (MetadataEntry e : c.metadata()) {
          String v = set.get(e.name());
          if (v != null && done.add(e.name())) {
            entries.add(MetadataEntry.plain(e.name(), v, e.line()));
          } else if (v == null) {
            entries.add(e);
          }
        }
        set.forEach(
            (k, v) -> {
              if (!done.contains(k)) {
                entries.add(MetadataEntry.plain(k, v, 0));
              }
            });
        result.add(
            new ComponentResource(
                c.name(),
                c.namespace(),
                c.type(),
                c.version(),
                entries,
                c.initTimeout(),
                c.ignoreErrors(),
                c.secretStore(),
                c.scopes(),
                c.document(),
                c.typeLine()));
      }
      if (!unknown.isEmpty()) {
        throw new ConfigurationException(
            "metadata is set for, or a replacement given to, components that are not loaded: "
                + new java.util.TreeSet<>(unknown));
      }
      return result;
    }

    /**
     * Loads the resources, creates every component, facade and engine, and starts them unless
     * {@link #deferStart()} was set.
     *
     * @return the instance
     * @throws ConfigurationException naming file, line, component and field of every problem, with
     *     the warnings found so far as suppressed exceptions; nothing stays open
     */
    public Plumb build() {
      String ns = namespace != null ? namespace : env.apply("NAMESPACE");
      ns = ns == null ? "" : ns;
      List<AutoCloseable> owned = new ArrayList<>();
      ExecutorService exec = executor != null ? executor : defaultExecutor();
      if (executor == null) {
        owned.add(exec::shutdown);
      }
      ExecutorService blocking = blockingExecutor();
      owned.add(0, blocking::shutdown);
      Scheduler sched = scheduler;
      Clock clk = clock != null ? clock : scheduler != null ? scheduler.clock() : Clock.systemUTC();
      if (sched == null) {
        ClockScheduler created = new ClockScheduler(clk, blocking);
        owned.add(0, created);
        sched = created;
      } else if (clock != null && !clock.equals(scheduler.clock())) {
        throw new ConfigurationException(
            "the scheduler follows another clock than the one given to clock(...); give only the"
                + " scheduler");
      }
      RuntimeContext runtime =
          new RuntimeContext(
              appId,
              ns,
              serializer != null ? serializer : new JacksonSerializer(),
              clk,
              sched,
              exec,
              blocking,
              env,
              openTelemetry != null ? openTelemetry : GlobalOpenTelemetry.get(),
              new Facades(),
              gracePeriod);
      ComponentRegistry registry = null;
      Plumb plumb = null;
      Warnings warnings = new Warnings();
      try {
        Resources loaded = Resources.load(resources, appId, ns, warnings);
        List<ComponentResource> all = withOverrides(loaded.components());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        loader = loader != null ? loader : Plumb.class.getClassLoader();
        registry =
            ComponentRegistry.start(
                all,
                loaded.resiliencies(),
                providers,
                loader,
                runtime,
                warnings,
                skipUnsupported,
                loaded.leftOut());
        Map<Block<?, ?>, Map<String, Object>> facades = facades(runtime, loaded, registry);
        loaded.warnAboutScopesOfMissingStores(
            facades.getOrDefault(Blocks.SECRETS, Map.of()).keySet(), warnings);
        plumb = new Plumb(runtime, registry, facades, gracePeriod, owned, warnings);
        plumb.createEngines(loader, RuntimeEngineContext.documentsOf(loaded), registrations);
        if (!deferStart) {
          plumb.start();
        }
        return plumb;
      } catch (RuntimeException | Error e) {
        warnings.attachTo(e);
        if (plumb != null) {
          plumb.close();
        } else {
          if (registry != null) {
            registry.close();
          }
          owned.forEach(Plumb::closeQuietly);
        }
        throw e;
      }
    }

    private static Map<Block<?, ?>, Map<String, Object>> facades(
        RuntimeContext runtime, Resources resources, ComponentRegistry registry) {
      Map<Block<?, ?>, Map<String, Object>> facades = new LinkedHashMap<>();
      for (Block<?, ?> block : Blocks.ALL) {
        Map<String, Object> byName = new LinkedHashMap<>();
        addFacades(block, runtime, resources, registry, byName);
        if (!byName.isEmpty()) {
          facades.put(block, Collections.unmodifiableMap(byName));
        }
      }
      return Collections.unmodifiableMap(facades);
    }

    private static <F, C> void addFacades(
        Block<F, C> block,
        RuntimeContext runtime,
        Resources resources,
        ComponentRegistry registry,
        Map<String, Object> byName) {
      for (LoadedComponent<C> c : registry.all(block.componentClass())) {
        if (block.serves(c.metadata())) {
          F facade = block.facade().create(runtime, resources, c);
          byName.put(c.name(), facade);
          runtime.facades().put(block.api(), c.name(), facade);
        }
      }
    }

    /**
     * Returns a virtual-thread-per-task executor when the JVM has one (Java 21+), found by
     * reflection so that Java 17 still runs; else a bounded pool of daemon threads.
     */
    private static ExecutorService defaultExecutor() {
      return virtualThreads()
          .orElseGet(
              () -> {
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
              });
    }

    /**
     * The executor of blocking work: virtual threads where the JVM has them, else a pool that grows
     * with demand (each of its threads serves a caller that is itself waiting, or a task that the
     * scheduler started) and shrinks when idle.
     */
    private static ExecutorService blockingExecutor() {
      return virtualThreads()
          .orElseGet(
              () ->
                  new ThreadPoolExecutor(
                      0,
                      Integer.MAX_VALUE,
                      60,
                      TimeUnit.SECONDS,
                      new SynchronousQueue<>(),
                      daemonThreads("plumb-blocking-")));
    }

    private static Optional<ExecutorService> virtualThreads() {
      try {
        Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        return Optional.of((ExecutorService) m.invoke(null));
      } catch (ReflectiveOperationException | ClassCastException e) {
        return Optional.empty();
      }
    }

    private static ThreadFactory daemonThreads(String prefix) {
      AtomicInteger count = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
