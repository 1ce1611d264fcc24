package dev.plumb.actors;

import dev.plumb.actors.ActorInterface.ActorMethod;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.actors.ActorConfigurationException;
import dev.plumb.api.actors.ActorLifecycle;
import dev.plumb.api.actors.ActorMethodNotFoundException;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorPlacementException;
import dev.plumb.api.actors.ActorReentrancyException;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorScheduleException;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.ActorTypeNotFoundException;
import dev.plumb.api.actors.Actors;
import dev.plumb.api.actors.AsyncActors;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.api.actors.spi.ActorLocation;
import dev.plumb.api.actors.spi.ActorPlacement;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.EngineContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor runtime of one {@code Plumb}: hosts the registered types, runs turns, saves state,
 * fires timers, deactivates idle actors and drains on close; reminders are {@link Reminders}'.
 *
 * <p>A call runs its turn on the caller's thread under the actor's {@link TurnGate}: no hand-off,
 * no mailbox thread. A caller that finds the actor busy parks (blocking calls) or leaves a task
 * that the turn ending before it starts on the executor (asynchronous calls). Thread-safe.
 */
final class ActorEngine implements Engine, Actors {
  private static final Logger LOG = LoggerFactory.getLogger(ActorEngine.class);
  private static final String ACTOR_STATE_STORE = "actorStateStore";

  private enum Phase {
    CREATED,
    RUNNING,
    DRAINING,
    CLOSED
  }

  private final String appId;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Executor blockingExecutor;
  private final Codec codec;
  private final ActorTelemetry telemetry;
  private final ActorPlacement placement;
  private final ComponentHandle<StateComponent> store;
  private final Map<String, HostedType> types = new LinkedHashMap<>();
  private final Map<Class<?>, List<HostedType>> byInterface = new LinkedHashMap<>();
  private final Reminders reminders;
  private final AsyncActors async;
  private volatile Phase phase = Phase.CREATED;
  private volatile Scheduler.Task idleSweep;

  /**
   * Creates the runtime and checks the configuration.
   *
   * @param context the runtime's services
   * @param placement decides where actors live
   * @throws ActorConfigurationException naming what is wrong
   */
  ActorEngine(EngineContext context, ActorPlacement placement) {
    this.appId = context.appId();
    this.clock = context.clock();
    this.scheduler = context.scheduler();
    this.executor = context.executor();
    this.blockingExecutor = context.blockingExecutor();
    this.codec = new Codec(context.serializer());
    this.placement = placement;
    List<ActorOptions> defaults = context.registrations(ActorOptions.class);
    ActorOptions base =
        defaults.isEmpty() ? ActorOptions.DEFAULTS : defaults.get(defaults.size() - 1);
    for (ActorType<?> registration : context.registrations(ActorType.class)) {
      HostedType t = new HostedType(this, registration, base);
      if (types.putIfAbsent(t.name(), t) != null) {
        throw new ActorConfigurationException(
            "actor type '"
                + t.name()
                + "' is registered twice ("
                + registration
                + " and "
                + types.get(t.name()).actorInterface().type().getName()
                + "); give one of them another name with ActorType.builder(...).name(...)");
      }
      byInterface.computeIfAbsent(t.actorInterface().type(), k -> new ArrayList<>()).add(t);
    }
    this.store = actorStateStore(context, !types.isEmpty());
    this.telemetry = new ActorTelemetry(context.openTelemetry(), types::values);
    this.reminders = new Reminders(this, store);
    this.async = new AsyncView(this, null);
  }

  private static ComponentHandle<StateComponent> actorStateStore(
      EngineContext context, boolean needed) {
    List<ComponentHandle<StateComponent>> marked =
        context.components(StateComponent.class).stream()
            .filter(h -> h.metadata().getBoolean(ACTOR_STATE_STORE, false))
            .collect(Collectors.toList());
    if (marked.size() > 1) {
      throw new ActorConfigurationException(
          "state stores "
              + marked.stream().map(h -> "'" + h.name() + "'").collect(Collectors.joining(", "))
              + " are all marked actorStateStore: \"true\"; Dapr allows exactly one actor state"
              + " store, so keep the flag on one of them");
    }
    if (marked.isEmpty()) {
      if (needed) {
        throw new ActorConfigurationException(
            "actor types are registered but no state store is configured for the actor runtime:"
                + " set the metadata actorStateStore: \"true\" on exactly one state store that"
                + " supports ETAG and TRANSACTIONAL");
      }
      return null;
    }
    return marked.get(0);
  }

  // ---- services for the engine's parts ----

  String appId() {
    return appId;
  }

  Clock clock() {
    return clock;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Executor blockingExecutor() {
    return blockingExecutor;
  }

  Codec codec() {
    return codec;
  }

  ActorTelemetry telemetry() {
    return telemetry;
  }

  ActorPlacement placement() {
    return placement;
  }

  Reminders reminders() {
    return reminders;
  }

  Collection<HostedType> types() {
    return types.values();
  }

  // ---- lifecycle ----

  @Override
  public <T> Optional<T> api(Class<T> api) {
    return api == Actors.class ? Optional.of(api.cast(this)) : Optional.empty();
  }

  @Override
  public void start() throws Exception {
    placement.start(types.keySet(), this::placementChanged);
    phase = Phase.RUNNING;
    if (store != null) {
      reminders.start();
    }
    long idle = types.values().stream().mapToLong(HostedType::idleMillis).min().orElse(0);
    if (idle > 0) {
      // Deactivation comes within half an idle timeout (at most 30 s) after the timeout.
      Duration every = Duration.ofMillis(Math.max(10, Math.min(30_000, idle / 2)));
      idleSweep = scheduler.every(every, this::sweepIdle);
    }
  }

  private void placementChanged() {
    // Actors placed elsewhere now stop here, as Dapr drains rebalanced actors.
    for (HostedType t : types.values()) {
      for (Activation a : t.activations()) {
        if (!placement.locate(t.name(), a.id()).local()) {
          deactivateWhenFree(a);
        }
      }
    }
    reminders.placementChanged();
  }

  @Override
  public void drain(Duration timeout) {
    if (phase != Phase.RUNNING) {
      return;
    }
    phase = Phase.DRAINING;
    cancelIdleSweep();
    long start = System.nanoTime();
    reminders.stop(timeout);
    // Each type waits for its own actors, up to its drainOngoingCallTimeout.
    Map<HostedType, CompletableFuture<Void>> done = new LinkedHashMap<>();
    for (HostedType t : types.values()) {
      List<CompletableFuture<Void>> each = new ArrayList<>();
      for (Activation a : t.activations()) {
        each.add(deactivateWhenFree(a));
      }
      done.put(t, CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0])));
    }
    done.forEach(
        (t, all) -> {
          Duration wait = timeout.compareTo(t.drainTimeout()) < 0 ? timeout : t.drainTimeout();
          long left = wait.toNanos() - (System.nanoTime() - start);
          try {
            all.get(Math.max(0, left), TimeUnit.NANOSECONDS);
          } catch (TimeoutException e) {
            LOG.warn(
                "actors of type '{}' still run turns after {}; closing without waiting for them",
                t.name(),
                wait);
          } catch (ExecutionException e) {
            LOG.warn("deactivating actors of type '{}' failed", t.name(), e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Override
  public void close() {
    phase = Phase.CLOSED;
    cancelIdleSweep();
    reminders.close();
    for (HostedType t : types.values()) {
      for (Activation a : t.activations()) {
        // Actors still busy after the drain keep running their turn, but fire nothing more.
        a.cancelTimers();
      }
    }
    try {
      placement.close();
    } catch (RuntimeException e) {
      LOG.warn("closing the actor placement failed", e);
    }
    telemetry.close();
  }

  private void cancelIdleSweep() {
    Scheduler.Task t = idleSweep;
    if (t != null) {
      t.cancel();
    }
  }

  private void admit(CallChain chain) {
    Phase p = phase;
    if (p == Phase.RUNNING || (p == Phase.DRAINING && chain != null)) {
      return;
    }
    throw new IllegalStateException(
        p == Phase.CREATED
            ? "actors are not started yet: Plumb#start() opens them"
            : "the actor runtime is closed");
  }

  // ---- lookups ----

  HostedType type(String name) {
    HostedType t = types.get(Objects.requireNonNull(name, "actorType"));
    if (t == null) {
      throw new ActorTypeNotFoundException(
          "actor type '" + name + "' is not hosted here; " + hostedTypes());
    }
    return t;
  }

  HostedType typeFor(Class<?> actorInterface, String name) {
    Objects.requireNonNull(actorInterface, "actorInterface");
    if (name != null) {
      HostedType t = type(name);
      if (t.actorInterface().type() != actorInterface) {
        throw new ActorTypeNotFoundException(
            "actor type '"
                + name
                + "' is called through "
                + t.actorInterface().type().getName()
                + ", not "
                + actorInterface.getName());
      }
      return t;
    }
    List<HostedType> candidates = byInterface.getOrDefault(actorInterface, List.of());
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new ActorTypeNotFoundException(
          "no actor type is registered for "
              + actorInterface.getName()
              + "; register one with Plumb.Builder#actor("
              + actorInterface.getSimpleName()
              + ".class, factory); "
              + hostedTypes());
    }
    throw new ActorTypeNotFoundException(
        actorInterface.getName()
            + " is registered for the actor types "
            + candidates.stream().map(HostedType::name).collect(Collectors.joining(", "))
            + "; name one with proxy("
            + actorInterface.getSimpleName()
            + ".class, actorType, actorId)");
  }

  private String hostedTypes() {
    return types.isEmpty()
        ? "no actor types are registered (Plumb.Builder#actor)"
        : "hosted types: " + String.join(", ", types.keySet());
  }

  static String checkId(String actorId) {
    Objects.requireNonNull(actorId, "actorId");
    if (actorId.isEmpty() || actorId.contains("||")) {
      throw new InvalidRequestException(
          "actor id '" + actorId + "' must not be empty or contain '||'");
    }
    return actorId;
  }

  private void checkLocal(HostedType t, String id) {
    ActorLocation where = placement.locate(t.name(), id);
    if (!where.local()) {
      throw new ActorPlacementException(
          "actor "
              + t.name()
              + "/"
              + id
              + " is placed on member '"
              + where.member()
              + "'; calls between JVMs need a transport that this Plumb does not have");
    }
  }

  // ---- Actors ----

  @Override
  public <T> T proxy(Class<T> actorInterface, String actorId) {
    return proxy(actorInterface, null, actorId, null);
  }

  @Override
  public <T> T proxy(Class<T> actorInterface, String actorType, String actorId) {
    return proxy(actorInterface, Objects.requireNonNull(actorType, "actorType"), actorId, null);
  }

  /**
   * Creates a proxy.
   *
   * @param chainOf the activation whose calls the proxy makes (its chain is used outside the turn's
   *     thread), or {@code null} for the application's proxies
   */
  <T> T proxy(Class<T> actorInterface, String actorType, String actorId, Activation chainOf) {
    HostedType t = typeFor(actorInterface, actorType);
    return actorInterface.cast(
        Proxy.newProxyInstance(
            actorInterface.getClassLoader(),
            new Class<?>[] {actorInterface},
            new ActorProxy(this, t, checkId(actorId), chainOf)));
  }

  @Override
  public <R> R invoke(
      String actorType, String actorId, String method, Object payload, Class<R> resultType) {
    return resultType.cast(invoke(actorType, actorId, method, payload, (Type) resultType, null));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R invoke(
      String actorType, String actorId, String method, Object payload, Type resultType) {
    return (R) invoke(actorType, actorId, method, payload, resultType, null);
  }

  Object invoke(
      String actorType,
      String actorId,
      String method,
      Object payload,
      Type resultType,
      Activation chainOf) {
    HostedType t = type(actorType);
    ActorMethod m = method(t, method);
    Object arg =
        m.parameterType() == null
            ? null
            : codec.copy(payload, m.parameterType(), t.argumentLabel(m));
    CallChain chain = chainOf(chainOf);
    if (m.async()) {
      return join(callAsync(t, checkId(actorId), m, arg, resultType, chain));
    }
    try {
      return call(t, checkId(actorId), m, arg, resultType, chain);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // A checked exception the method declares: what a proxy would throw for it undeclared.
      throw new UndeclaredThrowableException(e);
    }
  }

  CompletableFuture<Object> invokeAsync(
      String actorType,
      String actorId,
      String method,
      Object payload,
      Type resultType,
      Activation chainOf) {
    try {
      HostedType t = type(actorType);
      ActorMethod m = method(t, method);
      Object arg =
          m.parameterType() == null
              ? null
              : codec.copy(payload, m.parameterType(), t.argumentLabel(m));
      return callAsync(t, checkId(actorId), m, arg, resultType, chainOf(chainOf));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static ActorMethod method(HostedType t, String name) {
    ActorMethod m = t.actorInterface().named(Objects.requireNonNull(name, "method"));
    if (m == null) {
      throw new ActorMethodNotFoundException(
          "actor type '"
              + t.name()
              + "' ("
              + t.actorInterface().type().getName()
              + ") has no method '"
              + name
              + "'; its methods: "
              + String.join(", ", t.actorInterface().names()));
    }
    return m;
  }

  /** The chain a call belongs to: the calling thread's, else the calling actor's turn's. */
  static CallChain chainOf(Activation caller) {
    CallChain c = CallChain.current();
    if (c == null && caller != null) {
      c = caller.owner();
    }
    return c;
  }

  private static Object join(CompletableFuture<Object> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  @Override
  public void registerReminder(
      String actorType, String actorId, String name, Schedule schedule, Object data) {
    reminders.register(type(actorType), checkId(actorId), name, schedule, data, null);
  }

  @Override
  public Optional<ActorReminder> reminder(String actorType, String actorId, String name) {
    return reminders.get(type(actorType), checkId(actorId), name);
  }

  @Override
  public void unregisterReminder(String actorType, String actorId, String name) {
    reminders.unregister(type(actorType), checkId(actorId), name);
  }

  @Override
  public AsyncActors async() {
    return async;
  }

  // ---- calls ----

  /**
   * Calls a method and waits for its turn: on this thread, once the actor's lock is held.
   *
   * @param arg the argument, already copied
   * @param resultType what to copy the result into
   * @param chain the caller's chain, or {@code null} outside any turn
   * @return the copied result
   * @throws Throwable what the method threw, or the engine's exceptions
   */
  Object call(HostedType t, String id, ActorMethod m, Object arg, Type resultType, CallChain chain)
      throws Throwable {
    admit(chain);
    checkLocal(t, id);
    Span span = telemetry.startCall(t, id, t.spanName(m), m.name());
    Scope scope = ActorTelemetry.enter(span);
    Throwable failure = null;
    try {
      for (; ; ) {
        Activation a = t.activation(id);
        if (chain != null && a.owner() == chain) {
          return reenter(a, m, arg, resultType);
        }
        if (!a.tryAcquire()) {
          a.acquire();
        }
        if (a.deactivated()) {
          a.release();
          continue;
        }
        return turn(a, chain != null ? chain : new CallChain(), m, arg, resultType);
      }
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      if (scope != null) {
        scope.close();
      }
      ActorTelemetry.end(span, failure);
    }
  }

  /** Runs one call's turn; the caller holds the lock, which this releases. */
  private Object turn(Activation a, CallChain chain, ActorMethod m, Object arg, Type resultType)
      throws Throwable {
    long start = System.nanoTime();
    HostedType t = a.hostedType();
    a.begin(chain);
    CallChain previous = CallChain.enter(chain);
    try {
      Object result = m.invoke(a.activate(), arg);
      Object copy = codec.copy(result, resultType, t.resultLabel(m));
      commit(a);
      return copy;
    } catch (Throwable e) {
      a.discardState();
      throw e;
    } finally {
      CallChain.leave(previous);
      a.end(clock.millis());
      a.release();
      telemetry.turn(t.telemetry().callTurn, start);
    }
  }

  /** A call of the chain holding the actor: part of that turn, if reentrancy allows it. */
  private Object reenter(Activation a, ActorMethod m, Object arg, Type resultType)
      throws Throwable {
    checkReentry(a);
    HostedType t = a.hostedType();
    a.depth(a.depth() + 1);
    try {
      return codec.copy(m.invoke(a.instance(), arg), resultType, t.resultLabel(m));
    } finally {
      a.depth(a.depth() - 1);
    }
  }

  private static void checkReentry(Activation a) {
    HostedType t = a.hostedType();
    if (!t.reentrancy()) {
      throw new ActorReentrancyException(
          "actor "
              + t.name()
              + "/"
              + a.id()
              + " is already in this call chain and reentrancy is"
              + " off for type '"
              + t.name()
              + "': the call would wait for itself forever;"
              + " turn it on with ActorOptions.builder().reentrancy(true)");
    }
    if (a.depth() >= t.maxStackDepth()) {
      throw new ActorReentrancyException(
          "maximum stack depth exceeded: actor "
              + t.name()
              + "/"
              + a.id()
              + " entered "
              + a.depth()
              + " times by one call chain (maxStackDepth "
              + t.maxStackDepth()
              + ")");
    }
    if (a.instance() == null) {
      throw new ActorReentrancyException(
          "actor "
              + t.name()
              + "/"
              + a.id()
              + " was called by its own factory or onActivate,"
              + " before it is built");
    }
  }

  /**
   * Calls a method without waiting: the turn runs on this thread if the actor is free, else on the
   * executor when it is handed the lock; an asynchronous method's turn ends when its stage
   * completes.
   *
   * @return completes with the copied result, or exceptionally with what the call threw
   */
  CompletableFuture<Object> callAsync(
      HostedType t, String id, ActorMethod m, Object arg, Type resultType, CallChain chain) {
    CompletableFuture<Object> result = new CompletableFuture<>();
    Span span;
    try {
      admit(chain);
      checkLocal(t, id);
      span = telemetry.startCall(t, id, t.spanName(m), m.name());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    CompletableFuture<Object> traced =
        result.whenComplete((v, e) -> ActorTelemetry.end(span, unwrap(e)));
    Scope scope = ActorTelemetry.enter(span);
    try {
      enqueue(t, id, m, arg, resultType, chain, result);
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
    return traced;
  }

  private void enqueue(
      HostedType t,
      String id,
      ActorMethod m,
      Object arg,
      Type resultType,
      CallChain chain,
      CompletableFuture<Object> result) {
    Activation a = t.activation(id);
    if (chain != null && a.owner() == chain) {
      reenterAsync(a, m, arg, resultType, result);
      return;
    }
    CallChain turnChain = chain != null ? chain : new CallChain();
    io.opentelemetry.context.Context context = io.opentelemetry.context.Context.current();
    a.acquireAsync(
        () -> {
          Scope scope = context.makeCurrent();
          try {
            asyncTurn(a, turnChain, m, arg, resultType, result);
          } finally {
            scope.close();
          }
        },
        executor);
  }

  private void asyncTurn(
      Activation a,
      CallChain chain,
      ActorMethod m,
      Object arg,
      Type resultType,
      CompletableFuture<Object> result) {
    if (a.deactivated()) {
      a.release();
      enqueue(a.hostedType(), a.id(), m, arg, resultType, chain, result);
      return;
    }
    long start = System.nanoTime();
    a.begin(chain);
    CallChain previous = CallChain.enter(chain);
    try {
      Object value = m.invoke(a.activate(), arg);
      if (m.async()) {
        if (value == null) {
          throw new NullPointerException(
              "actor " + a + ", method '" + m.name() + "' returned a null stage");
        }
        ((CompletionStage<?>) value)
            .whenComplete((v, e) -> finishAsync(a, m, v, unwrap(e), resultType, result, start));
      } else {
        finishAsync(a, m, value, null, resultType, result, start);
      }
    } catch (Throwable e) {
      finishAsync(a, m, null, e, resultType, result, start);
    } finally {
      CallChain.leave(previous);
    }
  }

  private void finishAsync(
      Activation a,
      ActorMethod m,
      Object value,
      Throwable failure,
      Type resultType,
      CompletableFuture<Object> result,
      long start) {
    HostedType t = a.hostedType();
    Object copy = null;
    if (failure == null) {
      try {
        copy = codec.copy(value, resultType, t.resultLabel(m));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      a.discardState();
      endAsync(a, start);
      result.completeExceptionally(failure);
      return;
    }
    StateCache s = a.stateIfUsed();
    if (s == null || !s.dirty()) {
      endAsync(a, start);
      result.complete(copy);
      return;
    }
    Object answer = copy;
    commitAsync(a, s)
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                a.discardState();
              }
              endAsync(a, start);
              if (e != null) {
                result.completeExceptionally(unwrap(e));
              } else {
                result.complete(answer);
              }
            });
  }

  private void endAsync(Activation a, long start) {
    a.end(clock.millis());
    a.release();
    telemetry.turn(a.hostedType().telemetry().callTurn, start);
  }

  private void reenterAsync(
      Activation a, ActorMethod m, Object arg, Type resultType, CompletableFuture<Object> result) {
    HostedType t = a.hostedType();
    try {
      checkReentry(a);
    } catch (ActorReentrancyException e) {
      result.completeExceptionally(e);
      return;
    }
    a.depth(a.depth() + 1);
    Object value;
    try {
      value = m.invoke(a.instance(), arg);
    } catch (Throwable e) {
      a.depth(a.depth() - 1);
      result.completeExceptionally(e);
      return;
    }
    if (!m.async()) {
      a.depth(a.depth() - 1);
      complete(result, value, resultType, t.resultLabel(m));
      return;
    }
    ((CompletionStage<?>) value)
        .whenComplete(
            (v, e) -> {
              a.depth(a.depth() - 1);
              if (e != null) {
                result.completeExceptionally(unwrap(e));
              } else {
                complete(result, v, resultType, t.resultLabel(m));
              }
            });
  }

  private void complete(CompletableFuture<Object> f, Object value, Type type, String label) {
    try {
      f.complete(codec.copy(value, type, label));
    } catch (RuntimeException e) {
      f.completeExceptionally(e);
    }
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  // ---- state ----

  StateItem<byte[]> readState(String key, Map<String, String> metadata) {
    return store
        .outbound()
        .call(
            "get",
            () -> store.component().get(new GetRequest(key, Consistency.EVENTUAL, metadata)));
  }

  /** Saves a turn's state changes in one transaction; nothing if it changed nothing. */
  void commit(Activation a) {
    StateCache s = a.stateIfUsed();
    if (s == null || !s.dirty()) {
      return;
    }
    List<StateMutation> ops = mutations(a, s);
    store
        .outbound()
        .call(
            "transaction",
            () -> {
              store.component().transact(ops, Map.of());
              return null;
            });
    s.committed();
  }

  private CompletableFuture<Void> commitAsync(Activation a, StateCache s) {
    List<StateMutation> ops;
    try {
      ops = mutations(a, s);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return store
        .outbound()
        .<Void>callAsync(
            "transaction",
            () -> {
              store.component().transact(ops, Map.of());
              return null;
            })
        .thenRun(s::committed);
  }

  private List<StateMutation> mutations(Activation a, StateCache s) {
    List<StateMutation> ops = s.mutations();
    int max = store.component().maxTransactionOperations();
    if (max > 0 && ops.size() > max) {
      throw new InvalidRequestException(
          "actor "
              + a
              + " changed "
              + ops.size()
              + " state keys in one turn; state store '"
              + store.name()
              + "' takes at most "
              + max
              + " operations per transaction");
    }
    return ops;
  }

  // ---- timers ----

  void registerTimer(Activation a, String name, Schedule schedule, Runnable callback) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(callback, "callback");
    Instant now = clock.instant();
    ActorTimer timer = new ActorTimer(a, name, schedule, callback, now);
    if (timer.expiredAt(now)) {
      throw new ActorScheduleException(
          "timer '" + name + "' of actor " + a + " has already expired: ttl " + schedule.ttl());
    }
    if (a.deactivated()) {
      throw new IllegalStateException("actor " + a + " is deactivated; its timers are gone");
    }
    ActorTimer old = a.timers().put(name, timer);
    if (old != null) {
      old.cancel();
    }
    timer.schedule(scheduler);
  }

  /** Runs a timer's firing as a turn, then schedules its next one. */
  void fireTimer(ActorTimer timer) {
    Activation a = timer.actor();
    if (timer.cancelled() || a.deactivated()) {
      return;
    }
    HostedType t = a.hostedType();
    if (!a.tryAcquire()) {
      a.acquire();
    }
    if (timer.cancelled() || a.deactivated()) {
      a.release();
      return;
    }
    long start = System.nanoTime();
    Span span = telemetry.startTimer(t, a.id(), timer.name());
    Scope scope = ActorTelemetry.enter(span);
    Throwable failure = null;
    CallChain chain = new CallChain();
    a.begin(chain);
    CallChain previous = CallChain.enter(chain);
    try {
      a.activate();
      timer.callback().run();
      commit(a);
    } catch (RuntimeException | Error e) {
      failure = e;
      a.discardState();
      LOG.warn("timer '{}' of actor {} failed; it keeps its schedule", timer.name(), a, e);
    } finally {
      CallChain.leave(previous);
      a.end(clock.millis());
      a.release();
      telemetry.turn(t.telemetry().timerTurn, start);
      if (scope != null) {
        scope.close();
      }
      ActorTelemetry.end(span, failure);
    }
    if (!timer.cancelled() && timer.advance()) {
      timer.schedule(scheduler);
    } else {
      a.timers().remove(timer.name(), timer);
    }
  }

  // ---- reminders ----

  /**
   * Runs a reminder's firing as a turn of its actor, activating it if needed.
   *
   * @param t the actor type
   * @param id the actor id
   * @param reminder what the actor receives
   * @throws RuntimeException if the firing failed: the reminder is retried
   */
  void fireReminder(HostedType t, String id, ActorReminder reminder) {
    checkLocal(t, id);
    Span span = telemetry.startReminder(t, id, reminder.name());
    Scope scope = ActorTelemetry.enter(span);
    Throwable failure = null;
    try {
      for (; ; ) {
        Activation a = t.activation(id);
        if (!a.tryAcquire()) {
          a.acquire();
        }
        if (a.deactivated()) {
          a.release();
          continue;
        }
        remindTurn(a, reminder);
        return;
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (scope != null) {
        scope.close();
      }
      ActorTelemetry.end(span, failure);
    }
  }

  private void remindTurn(Activation a, ActorReminder reminder) {
    long start = System.nanoTime();
    HostedType t = a.hostedType();
    CallChain chain = new CallChain();
    a.begin(chain);
    CallChain previous = CallChain.enter(chain);
    try {
      Object o = a.activate();
      if (!(o instanceof Remindable)) {
        throw new IllegalStateException(
            "actor "
                + a
                + " has reminder '"
                + reminder.name()
                + "' but its object ("
                + o.getClass().getName()
                + ") does not implement Remindable");
      }
      ((Remindable) o).receiveReminder(reminder);
      commit(a);
    } catch (RuntimeException | Error e) {
      a.discardState();
      throw e;
    } finally {
      CallChain.leave(previous);
      a.end(clock.millis());
      a.release();
      telemetry.turn(t.telemetry().reminderTurn, start);
    }
  }

  // ---- deactivation ----

  private void sweepIdle() {
    long now = clock.millis();
    for (HostedType t : types.values()) {
      long idle = t.idleMillis();
      for (Activation a : t.activations()) {
        if (now - a.lastUsed() >= idle && !a.busy() && a.tryAcquire()) {
          if (now - a.lastUsed() >= idle && !a.deactivated()) {
            deactivate(a);
          } else {
            a.release();
          }
        }
      }
    }
  }

  private CompletableFuture<Void> deactivateWhenFree(Activation a) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    a.acquireAsync(
        () -> {
          try {
            if (a.deactivated()) {
              a.release();
            } else {
              deactivate(a);
            }
          } finally {
            done.complete(null);
          }
        },
        blockingExecutor);
    return done;
  }

  /** Deactivates an actor; the caller holds its lock, which this releases. */
  private void deactivate(Activation a) {
    HostedType t = a.hostedType();
    try {
      Object o = a.instance();
      if (o instanceof ActorLifecycle) {
        CallChain chain = new CallChain();
        a.begin(chain);
        CallChain previous = CallChain.enter(chain);
        try {
          ((ActorLifecycle) o).onDeactivate();
          commit(a);
        } catch (RuntimeException | Error e) {
          a.discardState();
          LOG.warn("onDeactivate of actor {} failed; it is deactivated anyway", a, e);
        } finally {
          CallChain.leave(previous);
          a.end(clock.millis());
        }
      }
      if (o != null) {
        telemetry.deactivated(t);
      }
    } finally {
      a.markDeactivated();
      t.remove(a);
      a.release();
    }
  }

  @Override
  public String toString() {
    return "ActorEngine[" + String.join(", ", types.keySet()) + "]";
  }
}
