package dev.plumb.actors;

import dev.plumb.actors.ActorInterface.ActorMethod;
import dev.plumb.api.actors.ActorFactory;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorType;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One actor type hosted by the engine: its interface's methods, factory, effective options and its
 * active actors by id. Thread-safe.
 */
final class HostedType {
  /** Dapr's defaults, beneath the application's. */
  static final ActorOptions DAPR_DEFAULTS =
      ActorOptions.builder()
          .idleTimeout(Duration.ofMinutes(60))
          .drainOngoingCallTimeout(Duration.ofSeconds(60))
          .reentrancy(false)
          .maxStackDepth(32)
          .remindersStoragePartitions(0)
          .build();

  private final ActorEngine engine;
  private final String name;
  private final ActorInterface actorInterface;
  private final ActorFactory<?> factory;
  private final long idleMillis;
  private final Duration drainTimeout;
  private final boolean reentrancy;
  private final int maxStackDepth;
  private final int partitions;
  private final String[] spanNames;
  private final String[] argumentLabels;
  private final String[] resultLabels;
  private final System.Logger logger;
  private final ActorTelemetry.TypeAttributes telemetry;
  private final ConcurrentHashMap<String, Activation> activations = new ConcurrentHashMap<>();

  HostedType(ActorEngine engine, ActorType<?> registration, ActorOptions defaults) {
    this.engine = engine;
    this.name = registration.name();
    this.actorInterface = ActorInterface.of(registration.actorInterface(), name);
    this.factory = registration.factory();
    ActorOptions o = registration.options().withDefaults(defaults.withDefaults(DAPR_DEFAULTS));
    this.idleMillis = o.idleTimeout().toMillis();
    this.drainTimeout = o.drainOngoingCallTimeout();
    this.reentrancy = o.reentrancy();
    this.maxStackDepth = o.maxStackDepth();
    this.partitions = Math.max(1, o.remindersStoragePartitions());
    this.telemetry = new ActorTelemetry.TypeAttributes(name);
    this.logger = System.getLogger(ActorTelemetry.SCOPE + "." + name);
    int n = actorInterface.methods().size();
    this.spanNames = new String[n];
    this.argumentLabels = new String[n];
    this.resultLabels = new String[n];
    for (ActorMethod m : actorInterface.methods()) {
      spanNames[m.index()] = "CallActor/" + name + "/" + m.name();
      argumentLabels[m.index()] = "actor type '" + name + "', method '" + m.name() + "': argument";
      resultLabels[m.index()] = "actor type '" + name + "', method '" + m.name() + "': result";
    }
  }

  /**
   * Returns the activation of an actor, creating an inactive one if there is none.
   *
   * @param id the actor id
   * @return the activation; check {@link Activation#deactivated()} once its lock is held
   */
  Activation activation(String id) {
    Activation a = activations.get(id);
    return a != null ? a : activations.computeIfAbsent(id, k -> new Activation(this, k));
  }

  /**
   * Forgets an activation that has been deactivated.
   *
   * @param a the activation
   */
  void remove(Activation a) {
    activations.remove(a.id(), a);
  }

  Collection<Activation> activations() {
    return activations.values();
  }

  int activeCount() {
    return activations.size();
  }

  String name() {
    return name;
  }

  ActorInterface actorInterface() {
    return actorInterface;
  }

  ActorFactory<?> factory() {
    return factory;
  }

  long idleMillis() {
    return idleMillis;
  }

  Duration drainTimeout() {
    return drainTimeout;
  }

  boolean reentrancy() {
    return reentrancy;
  }

  int maxStackDepth() {
    return maxStackDepth;
  }

  /**
   * Returns over how many partitions the type's reminders are spread.
   *
   * @return at least 1
   */
  int partitions() {
    return partitions;
  }

  /**
   * Returns the reminder partition of an actor: FNV-1a of its id, so all of an actor's reminders
   * share one partition and the partition's owner can be the actor's host.
   *
   * @param actorId the actor id
   * @return the partition
   */
  int partitionOf(String actorId) {
    if (partitions == 1) {
      return 0;
    }
    int h = 0x811c9dc5;
    for (int i = 0; i < actorId.length(); i++) {
      h ^= actorId.charAt(i);
      h *= 0x01000193;
    }
    return Integer.remainderUnsigned(h, partitions);
  }

  ActorEngine engine() {
    return engine;
  }

  System.Logger logger() {
    return logger;
  }

  String argumentLabel(ActorMethod m) {
    return argumentLabels[m.index()];
  }

  String resultLabel(ActorMethod m) {
    return resultLabels[m.index()];
  }

  String spanName(ActorMethod m) {
    return spanNames[m.index()];
  }

  ActorTelemetry.TypeAttributes telemetry() {
    return telemetry;
  }

  Attributes attributes() {
    return telemetry.type;
  }

  @Override
  public String toString() {
    return name;
  }
}
