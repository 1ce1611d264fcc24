package dev.plumb.runtime.internal.registry;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.spi.DaprValues;
import dev.plumb.api.spi.MetadataField;
import dev.plumb.runtime.internal.Causes;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.Redactor;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.blocks.Block;
import dev.plumb.runtime.internal.blocks.Blocks;
import dev.plumb.runtime.internal.resiliency.Resiliency;
import dev.plumb.runtime.internal.resources.ComponentResource;
import dev.plumb.runtime.internal.resources.MetadataEntry;
import dev.plumb.runtime.internal.resources.ResourceDocument;
import dev.plumb.runtime.internal.resources.Suggestions;
import dev.plumb.runtime.internal.resources.Warnings;
import dev.plumb.runtime.internal.scheduling.ScopedScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and owns the components of one {@code Plumb} instance. Only components named in the
 * resources (or built in code) are created, all while building: secret stores first, so that the
 * others' {@code secretKeyRef}s resolve, then the rest in load order. A failing build closes what
 * it had started. Lookups are thread-safe; {@link #close()} closes components in reverse start
 * order.
 */
public final class ComponentRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);

  private final RuntimeContext runtime;
  private final Warnings warnings;
  private final boolean skipUnsupported;
  private final Resiliency resiliency;
  private final String podName;
  private final Map<String, Started> started = new LinkedHashMap<>();
  private final Map<String, Planned> planned = new LinkedHashMap<>();
  private final Set<String> failed = new HashSet<>();
  private final Map<String, String> leftOut;
  private final Set<String> secretValues = new HashSet<>();
  // Every secret value resolved so far: kept after the build to redact data-plane failures too.
  private volatile Redactor secrets = Redactor.none();
  private final AtomicBoolean closed = new AtomicBoolean();

  private static final String CONSUMER_ID = "consumerID";

  private record Planned(ComponentResource resource, ComponentProvider<?> provider) {}

  private record Started(
      ComponentResource resource,
      AutoCloseable component,
      ScopedScheduler scheduler,
      LoadedComponent<AutoCloseable> loaded) {}

  private ComponentRegistry(
      RuntimeContext runtime,
      List<ResourceDocument> resiliencyDocuments,
      Warnings warnings,
      boolean skipUnsupported,
      Map<String, String> leftOut) {
    this.runtime = runtime;
    this.leftOut = Map.copyOf(leftOut);
    this.warnings = warnings;
    this.skipUnsupported = skipUnsupported;
    this.resiliency = Resiliency.from(resiliencyDocuments, runtime.appId());
    String pod = runtime.env().apply("POD_NAME");
    this.podName =
        pod != null && !pod.isBlank()
            ? pod
            : (runtime.appId().isEmpty() ? "plumb" : runtime.appId())
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Creates and starts every component.
   *
   * @param components the components that apply to the app, in load order
   * @param resiliencyDocuments the {@code Resiliency} documents that apply to the app
   * @param providers providers given in code, besides those on the classpath
   * @param loader the class loader whose {@code META-INF/services} are read
   * @param runtime the runtime services
   * @param warnings receives skipped components, unused metadata fields and unset variables
   * @param skipUnsupported whether a component of a Dapr type Plumb does not support is skipped
   *     with a warning rather than failing the build
   * @param leftOut components the resources define but left out for this app (scopes, namespace),
   *     by name: why, for lookup errors
   * @return the started registry
   * @throws ConfigurationException naming file, line, component and field of every problem; what
   *     had started is closed
   */
  public static ComponentRegistry start(
      List<ComponentResource> components,
      List<ResourceDocument> resiliencyDocuments,
      List<ComponentProvider<?>> providers,
      ClassLoader loader,
      RuntimeContext runtime,
      Warnings warnings,
      boolean skipUnsupported,
      Map<String, String> leftOut) {
    ComponentRegistry registry =
        new ComponentRegistry(runtime, resiliencyDocuments, warnings, skipUnsupported, leftOut);
    try {
      registry.startAll(components, ProviderIndex.discover(loader, providers));
      return registry;
    } catch (RuntimeException | Error e) {
      registry.close();
      throw e;
    }
  }

  /**
   * Finds the provider the runtime would use for a type and version.
   *
   * @param type the component type, any case
   * @param version the version, such as {@code v1}
   * @param loader where {@code META-INF/services} entries are looked up
   * @return the provider, or empty if none on the class path handles them
   * @throws ConfigurationException if two providers claim them
   */
  public static Optional<ComponentProvider<?>> findProvider(
      String type, String version, ClassLoader loader) {
    return ProviderIndex.discover(loader, List.of()).find(type, version);
  }

  /**
   * Finds a started component of a building block.
   *
   * @param name the component's name
   * @param componentClass the block's component interface, such as {@code StateComponent.class}
   * @param <C> the block's component interface
   * @return the component, or empty if none of that name and block is started
   */
  public <C> Optional<LoadedComponent<C>> find(String name, Class<C> componentClass) {
    Started s = started.get(name);
    if (s == null || !componentClass.isInstance(s.component())) {
      return Optional.empty();
    }
    return Optional.of(s.loaded().as(componentClass));
  }

  /**
   * Returns the started components of a building block.
   *
   * @param componentClass the block's component interface
   * @param <C> the interface
   * @return the components in start order
   */
  public <C> List<LoadedComponent<C>> all(Class<C> componentClass) {
    List<LoadedComponent<C>> all = new ArrayList<>();
    for (Started s : started.values()) {
      if (componentClass.isInstance(s.component())) {
        all.add(s.loaded().as(componentClass));
      }
    }
    return all;
  }

  /**
   * Returns the type of a started component.
   *
   * @param name the component's name
   * @return its {@code spec.type}, or empty if no component of that name is started
   */
  public Optional<String> typeOf(String name) {
    Started s = started.get(name);
    return s == null ? Optional.empty() : Optional.of(s.resource().type());
  }

  /**
   * Explains why a component of that name is not started, for lookup errors.
   *
   * @param name the component's name
   * @return why, such as {@code component 'cache' (c.yaml:1) is excluded by its scopes: [a]}; empty
   *     if the resources do not define it or it is started
   */
  public Optional<String> whyNotStarted(String name) {
    if (started.containsKey(name)) {
      return Optional.empty();
    }
    if (failed.contains(name)) {
      return Optional.of(
          "component '" + name + "' was skipped while building (the warnings say why)");
    }
    return Optional.ofNullable(leftOut.get(name));
  }

  private void startAll(List<ComponentResource> components, ProviderIndex providers) {
    List<String> problems = new ArrayList<>();
    Map<String, ComponentResource> byName = new LinkedHashMap<>();
    for (ComponentResource c : components) {
      ComponentResource previous = byName.putIfAbsent(c.name(), c);
      if (previous != null) {
        problems.add(
            "component '"
                + c.name()
                + "' is defined twice: "
                + previous.where()
                + " and "
                + c.where());
      }
    }
    for (ComponentResource c : byName.values()) {
      Optional<ComponentProvider<?>> provider = providers.find(c.type(), c.version());
      if (provider.isPresent()) {
        planned.put(c.name(), new Planned(c, provider.get()));
        continue;
      }
      TypeCatalogue.Missing missing = TypeCatalogue.get().missing(c, providers);
      if (c.ignoreErrors() || (skipUnsupported && missing.unsupported())) {
        String why = c.ignoreErrors() ? "ignoreErrors: true" : "skipUnsupportedComponents()";
        warnings.add(LOG, missing.message() + " (" + why + ", component skipped)");
        failed.add(c.name());
      } else {
        problems.add(missing.message());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    MetadataResolver resolver =
        new MetadataResolver(runtime, podName, new StartedSecretStores(), secretValues, warnings);
    List<Planned> secretStores = new ArrayList<>();
    List<Planned> others = new ArrayList<>();
    for (Planned p : planned.values()) {
      if (Blocks.SECRETS.componentClass().isAssignableFrom(p.provider().componentClass())) {
        secretStores.add(p);
      } else {
        others.add(p);
      }
    }
    // A secret store may read its own metadata from another secret store: start those first.
    Set<String> pending =
        secretStores.stream().map(p -> p.resource().name()).collect(Collectors.toSet());
    while (!secretStores.isEmpty()) {
      Planned next =
          secretStores.stream()
              .filter(p -> !dependsOnPending(p.resource(), pending))
              .findFirst()
              .orElse(secretStores.get(0));
      secretStores.remove(next);
      pending.remove(next.resource().name());
      startOne(next, resolver);
    }
    for (Planned p : others) {
      startOne(p, resolver);
    }
  }

  private static boolean dependsOnPending(ComponentResource c, Set<String> pending) {
    return c.secretStore() != null
        && !c.secretStore().equals(c.name())
        && pending.contains(c.secretStore())
        && c.metadata().stream().anyMatch(e -> e.secretKeyRef() != null);
  }

  private void startOne(Planned p, MetadataResolver resolver) {
    ComponentResource c = p.resource();
    AutoCloseable component = null;
    TrackedMetadata metadata = null;
    ScopedScheduler scheduler = new ScopedScheduler(runtime.scheduler());
    try {
      List<String> problems = new ArrayList<>();
      List<MetadataField> fields = resolver.resolve(c, problems);
      secrets = Redactor.of(secretValues);
      if (!problems.isEmpty()) {
        throw new ConfigurationException(problems);
      }
      fields = withConsumerId(c, fields);
      metadata = new TrackedMetadata(ComponentMetadata.of(c.describe(), fields));
      ComponentContext context =
          new RegistryComponentContext(
              c.name(),
              c.type(),
              c.version(),
              runtime.appId(),
              metadata,
              runtime.clock(),
              scheduler,
              runtime.blockingExecutor(),
              runtime.env());
      component = create(p.provider(), context, c);
      metadata.validate();
      List<Block<?, ?>> blocks = blocksOf(p.provider(), component, c, metadata);
      warnUnread(c, metadata, blocks);
      LoadedComponent<AutoCloseable> loaded =
          new LoadedComponent<>(
              c.name(),
              c.type(),
              c.version(),
              component,
              metadata,
              resiliency.outbound(c.name(), c.type(), runtime, this::secrets),
              resiliency.inbound(c.name(), c.type(), runtime, this::secrets));
      started.put(c.name(), new Started(c, component, scheduler, loaded));
      LOG.debug("{}: started {} {}", c.describe(), c.type(), c.version());
    } catch (ConfigurationException failure) {
      ConfigurationException e = metadata == null ? failure : withSpellings(c, metadata, failure);
      scheduler.close();
      if (component != null) {
        closeQuietly(c, component);
      }
      if (!c.ignoreErrors()) {
        throw e;
      }
      failed.add(c.name());
      warnings.add(LOG, e.getMessage() + " (ignoreErrors: true, component skipped)");
    }
  }

  private static final Pattern REQUIRED = Pattern.compile(".*: metadata '([^']+)' is required");

  /**
   * Adds to each "metadata 'x' is required" problem the field the component has instead, when its
   * name is a likely misspelling of {@code x} ({@code redisHosts} for {@code redisHost}): the
   * provider never read it, so nothing else would point at it.
   */
  private static ConfigurationException withSpellings(
      ComponentResource c, TrackedMetadata metadata, ConfigurationException e) {
    List<String> unread = metadata.unreadNames();
    if (unread.isEmpty()) {
      return e;
    }
    List<String> problems = new ArrayList<>();
    boolean changed = false;
    for (String problem : e.problems()) {
      Matcher m = REQUIRED.matcher(problem);
      Optional<String> misspelt =
          m.matches()
              ? unread.stream()
                  .filter(u -> Suggestions.closest(u, List.of(m.group(1))).isPresent())
                  .findFirst()
              : Optional.empty();
      if (misspelt.isPresent()) {
        changed = true;
        int line = lineOf(c, misspelt.get());
        problems.add(
            problem
                + "; the component has '"
                + misspelt.get()
                + "'"
                + (line > 0 ? " (" + c.where(line) + ")" : "")
                + ", which type '"
                + c.type()
                + "' does not read: did you mean '"
                + m.group(1)
                + "'?");
      } else {
        problems.add(problem);
      }
    }
    if (!changed) {
      return e;
    }
    ConfigurationException explained = new ConfigurationException(problems);
    explained.initCause(e.getCause());
    explained.setStackTrace(e.getStackTrace());
    return explained;
  }

  private static int lineOf(ComponentResource c, String name) {
    return c.metadata().stream()
        .filter(e -> e.name().equals(name))
        .mapToInt(MetadataEntry::line)
        .findFirst()
        .orElse(0);
  }

  /**
   * Dapr's rule: a pub/sub component without a {@code consumerID} gets the app id, so replicas of
   * one app share a consumer group and different apps each get every message.
   */
  private List<MetadataField> withConsumerId(ComponentResource c, List<MetadataField> fields) {
    if (!c.type().toLowerCase(Locale.ROOT).startsWith(Blocks.PUBSUB.typePrefix())
        || runtime.appId().isEmpty()
        || fields.stream()
            .anyMatch(f -> f.name().equalsIgnoreCase(CONSUMER_ID) && !f.value().isEmpty())) {
      return fields;
    }
    List<MetadataField> with = new ArrayList<>();
    for (MetadataField f : fields) {
      if (!f.name().equalsIgnoreCase(CONSUMER_ID)) {
        with.add(f);
      }
    }
    with.add(new MetadataField(CONSUMER_ID, runtime.appId(), false, 0));
    return with;
  }

  /**
   * The blocks a created component serves: each block whose SPI interface it implements and whose
   * metadata test it passes (a binding's {@code direction}).
   */
  private static List<Block<?, ?>> blocksOf(
      ComponentProvider<?> provider,
      AutoCloseable component,
      ComponentResource c,
      ComponentMetadata metadata) {
    if (!provider.componentClass().isInstance(component)) {
      throw new ConfigurationException(
          c.describe()
              + ": provider "
              + provider.getClass().getName()
              + " returned a "
              + component.getClass().getName()
              + ", not a "
              + provider.componentClass().getName());
    }
    List<Block<?, ?>> blocks = new ArrayList<>();
    List<String> implemented = new ArrayList<>();
    for (Block<?, ?> b : Blocks.ALL) {
      if (b.componentClass().isInstance(component)) {
        implemented.add(b.noun());
        if (!b.serves(metadata)) {
          continue;
        }
        if (b.facade() == null) {
          throw new ConfigurationException(
              c.describe()
                  + ": type '"
                  + c.type()
                  + "' is a "
                  + b.noun()
                  + ", and this version of Plumb does not serve the "
                  + b.name()
                  + " building block yet");
        }
        blocks.add(b);
      }
    }
    if (blocks.isEmpty() && !implemented.isEmpty()) {
      throw new ConfigurationException(
          c.describe()
              + ": metadata 'direction' is '"
              + metadata.getString("direction").orElse("")
              + "', but type '"
              + c.type()
              + "' is only an "
              + String.join(" and an ", implemented));
    }
    if (blocks.isEmpty()) {
      throw new ConfigurationException(
          c.describe()
              + ": provider "
              + provider.getClass().getName()
              + " created a "
              + component.getClass().getName()
              + ", which implements no building block's component interface");
    }
    return blocks;
  }

  /**
   * Runs a provider's {@code create} on the blocking executor, waiting at most the component's
   * {@code initTimeout}. Exactly one side wins the hand-off: either this thread takes the created
   * component, or it gives up first and the start, whenever it ends, closes what it created, so an
   * abandoned start never leaks connections or threads.
   */
  private AutoCloseable create(
      ComponentProvider<?> provider, ComponentContext context, ComponentResource c) {
    CompletableFuture<AutoCloseable> handOff = new CompletableFuture<>();
    AtomicReference<Thread> worker = new AtomicReference<>();
    try {
      runtime
          .blockingExecutor()
          .execute(
              () -> {
                worker.set(Thread.currentThread());
                try {
                  AutoCloseable created = provider.create(context);
                  if (!handOff.complete(created)) {
                    // Abandoned: the timeout's interrupt must not cut this close short (a pool
                    // interrupted while closing leaves its threads and connections behind).
                    Thread.interrupted();
                    closeQuietly(c, created);
                  }
                } catch (Exception | Error e) {
                  handOff.completeExceptionally(e);
                } finally {
                  worker.set(null);
                  Thread.interrupted();
                }
              });
    } catch (RejectedExecutionException e) {
      throw new ConfigurationException(c.describe() + ": failed to start: the runtime is closing");
    }
    Duration timeout = c.initTimeout();
    try {
      return handOff.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      Thread running = worker.get();
      StillStarting where = new StillStarting(running);
      if (!handOff.completeExceptionally(where)) {
        return handOff.join(); // it finished just now: keep it
      }
      if (running != null) {
        running.interrupt();
      }
      throw new ConfigurationException(
          c.describe()
              + ": failed to start within "
              + DaprValues.formatDuration(timeout)
              + where.describe()
              + "; raise spec.initTimeout if the backend is only slow",
          where);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigurationException) {
        throw owned(c, (ConfigurationException) cause);
      }
      throw new ConfigurationException(
          c.describe() + ": failed to start: " + redactor().redact(Causes.describe(cause)),
          redactor().redact(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (handOff.completeExceptionally(e)) {
        Thread running = worker.get();
        if (running != null) {
          running.interrupt();
        }
      }
      throw new ConfigurationException(c.describe() + ": interrupted while starting", e);
    }
  }

  private Redactor redactor() {
    return secrets;
  }

  /**
   * Returns the secret values resolved for the components, as a redactor: messages, logs and
   * exceptions built from what a component said pass through it.
   *
   * @return the redactor; changes nothing if no component reads a secret
   */
  public Redactor secrets() {
    return secrets;
  }

  /** Where a start was when its time ran out: its thread's stack, as the exception's trace. */
  private static final class StillStarting extends Exception {
    private static final long serialVersionUID = 1L;

    StillStarting(Thread running) {
      super("the start was still running", null, false, true);
      if (running != null) {
        setStackTrace(running.getStackTrace());
      } else {
        setStackTrace(new StackTraceElement[0]);
      }
    }

    /**
     * Names where the start was waiting, such as {@code java.net.Socket.connect, called from
     * org.postgresql.core.PGStream.<init>}: the innermost frame and the innermost one outside the
     * JDK.
     */
    String describe() {
      StackTraceElement[] trace = getStackTrace();
      if (trace.length == 0) {
        return "";
      }
      StringBuilder sb = new StringBuilder("; it was still in ").append(frame(trace[0]));
      for (StackTraceElement e : trace) {
        String cls = e.getClassName();
        if (!(cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun."))) {
          if (e != trace[0]) {
            sb.append(", called from ").append(frame(e));
          }
          break;
        }
      }
      return sb.toString();
    }

    private static String frame(StackTraceElement e) {
      return e.getClassName() + "." + e.getMethodName();
    }
  }

  /** Makes every problem a provider reports start with the component's name and file. */
  private static ConfigurationException owned(ComponentResource c, ConfigurationException e) {
    String owner = c.describe();
    if (e.problems().stream().allMatch(p -> p.startsWith(owner))) {
      return e;
    }
    List<String> problems = new ArrayList<>();
    for (String p : e.problems()) {
      problems.add(p.startsWith(owner) ? p : owner + ": " + p);
    }
    ConfigurationException owned = new ConfigurationException(problems);
    owned.initCause(e);
    return owned;
  }

  private void warnUnread(ComponentResource c, TrackedMetadata metadata, List<Block<?, ?>> blocks) {
    for (String name : metadata.unreadNames()) {
      if (blocks.stream().anyMatch(b -> b.ownsField(name))) {
        continue;
      }
      warnings.add(LOG, TypeCatalogue.get().unreadField(c, name, lineOf(c, name)));
    }
  }

  private void closeQuietly(ComponentResource c, AutoCloseable component) {
    try {
      component.close();
    } catch (Exception e) {
      LOG.warn("{}: close failed: {}", c.describe(), secrets.redact(Causes.describe(e)));
    }
  }

  /**
   * Closes every component, in reverse start order. Each failure is logged and the others are still
   * closed. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<Started> reverse = new ArrayList<>(started.values());
    Collections.reverse(reverse);
    for (Started s : reverse) {
      s.scheduler().close();
      closeQuietly(s.resource(), s.component());
    }
  }

  /** Looks up secret stores among those started so far. */
  private final class StartedSecretStores implements MetadataResolver.SecretStores {
    @Override
    public Optional<SecretStoreComponent> started(String name) {
      Started s = started.get(name);
      return s != null && s.component() instanceof SecretStoreComponent
          ? Optional.of((SecretStoreComponent) s.component())
          : Optional.empty();
    }

    @Override
    public String whyNotStarted(String name) {
      if (failed.contains(name)) {
        return "failed to start";
      }
      Planned p = planned.get(name);
      if (p == null) {
        return MetadataResolver.NOT_DEFINED;
      }
      if (!SecretStoreComponent.class.isAssignableFrom(p.provider().componentClass())) {
        return "is not a secret store (" + p.resource().type() + ")";
      }
      return "is not started: secret stores reading each other's secrets form a cycle";
    }
  }
}
