package dev.plumb.actors;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorLifecycle;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorStateManager;
import dev.plumb.api.actors.Actors;
import dev.plumb.api.actors.Schedule;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One activation of one actor: its turn lock (inherited, so an idle actor is one object plus its
 * map entry), the actor object once built, its state cache and timers, and the {@link ActorContext}
 * its object sees. The object, state and depth are guarded by the turn lock: only the turn holding
 * it touches them.
 */
final class Activation extends TurnGate implements ActorContext {
  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<Activation, ConcurrentHashMap> TIMERS =
      AtomicReferenceFieldUpdater.newUpdater(Activation.class, ConcurrentHashMap.class, "timers");

  private final HostedType type;
  private final String id;
  private Object instance;
  private StateCache state;
  private int depth;
  private volatile CallChain owner;
  private volatile long lastUsed;
  private volatile boolean deactivated;
  private volatile ConcurrentHashMap<String, ActorTimer> timers;
  private volatile Actors actors;

  Activation(HostedType type, String id) {
    this.type = type;
    this.id = id;
    this.lastUsed = type.engine().clock().millis();
  }

  @Override
  void waiting(int delta) {
    type.engine().telemetry().waiting(type, delta);
  }

  // ---- turns (the caller holds the turn lock) ----

  /**
   * Marks the start of a turn.
   *
   * @param chain the turn's call chain
   */
  void begin(CallChain chain) {
    owner = chain;
    depth = 1;
  }

  /**
   * Marks the end of a turn; the caller then releases the lock.
   *
   * @param nowMillis the clock's time, from which idleness counts
   */
  void end(long nowMillis) {
    depth = 0;
    owner = null;
    lastUsed = nowMillis;
  }

  /**
   * Builds the actor object on the first turn of the activation and runs its {@code onActivate}. If
   * either throws, the activation stays unbuilt and the next turn tries again.
   *
   * @return the object
   */
  Object activate() {
    Object o = instance;
    if (o != null) {
      return o;
    }
    Object created = type.factory().create(this);
    if (created == null || !type.actorInterface().type().isInstance(created)) {
      throw new IllegalStateException(
          "actor type '"
              + type.name()
              + "': the factory returned "
              + (created == null ? "null" : "a " + created.getClass().getName())
              + ", not an implementation of "
              + type.actorInterface().type().getName());
    }
    if (created instanceof ActorLifecycle) {
      ((ActorLifecycle) created).onActivate();
    }
    instance = created;
    type.engine().telemetry().activated(type);
    return created;
  }

  Object instance() {
    return instance;
  }

  CallChain owner() {
    return owner;
  }

  int depth() {
    return depth;
  }

  void depth(int depth) {
    this.depth = depth;
  }

  long lastUsed() {
    return lastUsed;
  }

  boolean deactivated() {
    return deactivated;
  }

  /** Marks the activation as deactivated; later callers that still hold it take a new one. */
  void markDeactivated() {
    deactivated = true;
    instance = null;
    state = null;
    cancelTimers();
  }

  /** Cancels every timer of the activation. */
  void cancelTimers() {
    Map<String, ActorTimer> t = timers;
    if (t != null) {
      t.values().forEach(ActorTimer::cancel);
      t.clear();
    }
  }

  /**
   * Returns the state cache if the activation has used its state.
   *
   * @return the cache, or {@code null}
   */
  StateCache stateIfUsed() {
    return state;
  }

  /** Drops the cached state after a failed turn, so the next turn reads the store. */
  void discardState() {
    if (state != null) {
      state.discard();
    }
  }

  /**
   * Checks that a turn of this actor is running, for the state and timer APIs.
   *
   * @param what the operation, for the message
   */
  void checkInTurn(String what) {
    if (owner == null) {
      throw new IllegalStateException(
          what
              + " of actor "
              + type.name()
              + "/"
              + id
              + " is reachable only during one of its turns (a method call, a timer or a"
              + " reminder)");
    }
  }

  HostedType hostedType() {
    return type;
  }

  // ---- timers ----

  @SuppressWarnings("unchecked")
  ConcurrentHashMap<String, ActorTimer> timers() {
    ConcurrentHashMap<String, ActorTimer> t = timers;
    if (t == null) {
      ConcurrentHashMap<String, ActorTimer> created = new ConcurrentHashMap<>();
      t = TIMERS.compareAndSet(this, null, created) ? created : timers;
    }
    return t;
  }

  // ---- ActorContext ----

  @Override
  public String id() {
    return id;
  }

  @Override
  public String type() {
    return type.name();
  }

  @Override
  public ActorStateManager state() {
    StateCache s = state;
    if (s == null) {
      s = new StateCache(this);
      state = s;
    }
    return s;
  }

  @Override
  public void registerTimer(String name, Schedule schedule, Runnable callback) {
    type.engine().registerTimer(this, name, schedule, callback);
  }

  @Override
  public void unregisterTimer(String name) {
    ActorTimer t = timers == null ? null : timers.remove(Objects.requireNonNull(name, "name"));
    if (t != null) {
      t.cancel();
    }
  }

  @Override
  public void registerReminder(String name, Schedule schedule, Object data) {
    type.engine().reminders().register(type, id, name, schedule, data, instance);
  }

  @Override
  public void unregisterReminder(String name) {
    type.engine().reminders().unregister(type, id, name);
  }

  @Override
  public Optional<ActorReminder> reminder(String name) {
    return type.engine().reminders().get(type, id, name);
  }

  @Override
  public Clock clock() {
    return type.engine().clock();
  }

  @Override
  public System.Logger logger() {
    return type.logger();
  }

  @Override
  public Actors actors() {
    Actors a = actors;
    if (a == null) {
      a = new ChainedActors(type.engine(), this);
      actors = a;
    }
    return a;
  }

  @Override
  public String toString() {
    return type.name() + "/" + id;
  }
}
