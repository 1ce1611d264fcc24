package dev.plumb.runtime.internal.resiliency;

/** The {@code spec.targets} entries, one record per target kind. */
final class Targets {
  private Targets() {}

  /** Default {@code circuitBreakerCacheSize} of an app target (Dapr's). */
  static final int DEFAULT_APP_CACHE_SIZE = 100;

  /** Default {@code circuitBreakerCacheSize} of an actor target (Dapr's). */
  static final int DEFAULT_ACTOR_CACHE_SIZE = 5000;

  /**
   * {@code spec.targets.components.<name>}.
   *
   * @param outbound policies of calls into the component
   * @param inbound policies of deliveries from the component to the app
   */
  record ComponentTarget(PolicyNames outbound, PolicyNames inbound) {}

  /**
   * {@code spec.targets.apps.<appId>}, for service invocation.
   *
   * @param policies the named policies
   * @param circuitBreakerCacheSize how many per-endpoint breakers are kept
   */
  record AppTarget(PolicyNames policies, int circuitBreakerCacheSize) {}

  /** {@code circuitBreakerScope} of an actor target. */
  enum ActorScope {
    /** One breaker per actor type. */
    TYPE,
    /** One breaker per actor id. */
    ID,
    /** Both. */
    BOTH
  }

  /**
   * {@code spec.targets.actors.<actorType>}.
   *
   * @param policies the named policies
   * @param circuitBreakerScope the breaker's scope, {@code null} when there is no breaker
   * @param circuitBreakerCacheSize how many per-actor breakers are kept
   */
  record ActorTarget(
      PolicyNames policies, ActorScope circuitBreakerScope, int circuitBreakerCacheSize) {}
}
