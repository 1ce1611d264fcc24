package dev.plumb.runtime.internal.resiliency;

import dev.plumb.api.ConfigurationException;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.Redactor;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.blocks.Block;
import dev.plumb.runtime.internal.blocks.Blocks;
import dev.plumb.runtime.internal.resiliency.Targets.ActorTarget;
import dev.plumb.runtime.internal.resiliency.Targets.AppTarget;
import dev.plumb.runtime.internal.resiliency.Targets.ComponentTarget;
import dev.plumb.runtime.internal.resources.ResourceDocument;
import dev.plumb.runtime.internal.telemetry.ComponentTelemetry;
import dev.plumb.runtime.spi.Invoker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The resiliency policies of one app, read from its {@code kind: Resiliency} resources, and the
 * factory of the invokers that apply them (with telemetry) to component calls.
 *
 * <p>Policies resolve as in Dapr: a component listed under {@code spec.targets.components} uses
 * exactly the policies its {@code outbound} or {@code inbound} block names (nothing else, not even
 * a default, for that component); any other component takes, per policy kind, the most specific
 * default that exists among {@code Default<Block>Component<Direction><Kind>Policy}, {@code
 * DefaultComponent<Direction><Kind>Policy}, {@code DefaultComponent<Kind>Policy} and {@code
 * Default<Kind>Policy}, the block coming from the type's prefix ({@code state.} ⇒ {@code
 * Statestore}, {@code pubsub.} ⇒ {@code Pubsub}, {@code bindings.} ⇒ {@code Binding}, ...).
 *
 * <p>Circuit breakers keep state per component and policy: invokers made for the same component and
 * breaker policy share one breaker. Thread-safe.
 */
public final class Resiliency {
  private final Map<String, Duration> timeouts;
  private final Map<String, RetryPolicy> retries;
  private final Map<String, CircuitBreakerPolicy> circuitBreakers;
  private final Map<String, ComponentTarget> components;
  private final Map<String, AppTarget> apps;
  private final Map<String, ActorTarget> actors;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private Resiliency(ResiliencyParser parsed) {
    this.timeouts = Map.copyOf(parsed.timeouts);
    this.retries = Map.copyOf(parsed.retries);
    this.circuitBreakers = Map.copyOf(parsed.circuitBreakers);
    this.components = Map.copyOf(parsed.components);
    this.apps = Map.copyOf(parsed.apps);
    this.actors = Map.copyOf(parsed.actors);
  }

  /**
   * Reads the policies of an app.
   *
   * @param docs {@code kind: Resiliency} documents; others, and those whose {@code scopes} leave
   *     out {@code appId}, are skipped
   * @param appId the app's id
   * @return the policies
   * @throws ConfigurationException listing every problem (bad duration, unknown policy name,
   *     unsupported trip expression, ...), each with its file and line
   */
  public static Resiliency from(List<ResourceDocument> docs, String appId) {
    return new Resiliency(parse(docs, appId));
  }

  private static ResiliencyParser parse(List<ResourceDocument> docs, String appId) {
    ResiliencyParser parser = new ResiliencyParser();
    parser.parse(docs, appId);
    return parser;
  }

  /**
   * Returns the invoker of calls into a component (state, publish, output binding, secrets,
   * configuration, lock): telemetry around the component's outbound policies.
   *
   * @param componentName the component's {@code metadata.name}
   * @param componentType its {@code spec.type}, such as {@code state.redis}
   * @param runtime supplies the scheduler, the executors, the clock and the telemetry
   * @return the invoker; thread-safe
   */
  public Invoker outbound(String componentName, String componentType, RuntimeContext runtime) {
    return outbound(componentName, componentType, runtime, Redactor::none);
  }

  /**
   * Returns the invoker of calls into a component whose failures may quote secret values.
   *
   * @param componentName the component's {@code metadata.name}
   * @param componentType its {@code spec.type}, such as {@code state.redis}
   * @param runtime supplies the scheduler, the executors, the clock and the telemetry
   * @param secrets the secret values redacted from failures (before telemetry records them)
   * @return the invoker; thread-safe
   */
  public Invoker outbound(
      String componentName,
      String componentType,
      RuntimeContext runtime,
      Supplier<Redactor> secrets) {
    return ComponentTelemetry.outbound(
        invoker(componentName, componentType, runtime, false, secrets),
        componentName,
        componentType,
        runtime.openTelemetry());
  }

  /**
   * Returns the invoker of deliveries from a component to the app (pub/sub messages, input binding
   * events): telemetry around the component's inbound policies.
   *
   * @param componentName the component's {@code metadata.name}
   * @param componentType its {@code spec.type}
   * @param runtime supplies the scheduler, the executors, the clock and the telemetry
   * @return the invoker; thread-safe
   */
  public Invoker inbound(String componentName, String componentType, RuntimeContext runtime) {
    return inbound(componentName, componentType, runtime, Redactor::none);
  }

  /**
   * Returns the invoker of deliveries from a component whose failures may quote secret values.
   *
   * @param componentName the component's {@code metadata.name}
   * @param componentType its {@code spec.type}
   * @param runtime supplies the scheduler, the executors, the clock and the telemetry
   * @param secrets the secret values redacted from failures
   * @return the invoker; thread-safe
   */
  public Invoker inbound(
      String componentName,
      String componentType,
      RuntimeContext runtime,
      Supplier<Redactor> secrets) {
    return ComponentTelemetry.inbound(
        invoker(componentName, componentType, runtime, true, secrets),
        componentName,
        componentType,
        runtime.openTelemetry());
  }

  /**
   * Resolves the policies of a component in one direction.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param inbound {@code true} for deliveries to the app
   * @return the policy names, each {@code null} when none applies
   */
  PolicyNames resolve(String componentName, String componentType, boolean inbound) {
    ComponentTarget target = components.get(componentName);
    if (target != null) {
      return inbound ? target.inbound() : target.outbound();
    }
    String direction = inbound ? "Inbound" : "Outbound";
    String block = Blocks.ofType(componentType).map(Block::resiliencyName).orElse(null);
    List<String> levels =
        block == null
            ? List.of("Component" + direction, "Component", "")
            : List.of(block + "Component" + direction, "Component" + direction, "Component", "");
    return new PolicyNames(
        firstDefault(levels, "Timeout", timeouts),
        firstDefault(levels, "Retry", retries),
        firstDefault(levels, "CircuitBreaker", circuitBreakers));
  }

  private static String firstDefault(List<String> levels, String kind, Map<String, ?> defined) {
    for (String level : levels) {
      String name = "Default" + level + kind + "Policy";
      if (defined.containsKey(name)) {
        return name;
      }
    }
    return null;
  }

  private Invoker invoker(
      String componentName,
      String componentType,
      RuntimeContext runtime,
      boolean inbound,
      Supplier<Redactor> secrets) {
    PolicyNames names = resolve(componentName, componentType, inbound);
    Duration timeout = names.timeout() == null ? null : timeouts.get(names.timeout());
    if (timeout != null && timeout.isZero()) {
      timeout = null;
    }
    Retry retry = names.retry() == null ? null : retry(componentName, retries.get(names.retry()));
    CircuitBreaker breaker =
        names.circuitBreaker() == null
            ? null
            : breakers.computeIfAbsent(
                componentName + '\u0000' + names.circuitBreaker(),
                k ->
                    new CircuitBreaker(
                        circuitBreakers.get(names.circuitBreaker()),
                        componentName,
                        componentType,
                        runtime.clock()));
    if (timeout == null && retry == null && breaker == null) {
      return Invokers.direct(componentName, componentType, runtime.executor(), secrets);
    }
    return new ResilientInvoker(
        componentName,
        componentType,
        timeout,
        retry,
        breaker,
        runtime.scheduler(),
        runtime.executor(),
        runtime.blockingExecutor(),
        secrets);
  }

  private static Retry retry(String componentName, RetryPolicy policy) {
    RetryConfig config =
        RetryConfig.custom()
            .maxAttempts(policy.maxAttempts())
            .intervalFunction(
                attempt ->
                    policy.intervalMillis(attempt, () -> ThreadLocalRandom.current().nextDouble()))
            .retryOnException(ResilientInvoker::retryable)
            .build();
    return Retry.of(componentName + "/" + policy.name(), config);
  }

  /**
   * Returns a named timeout policy.
   *
   * @param name the policy's name
   * @return the duration, or {@code null}
   */
  Duration timeout(String name) {
    return timeouts.get(name);
  }

  /**
   * Returns a named retry policy.
   *
   * @param name the policy's name
   * @return the policy, or {@code null}
   */
  RetryPolicy retryPolicy(String name) {
    return retries.get(name);
  }

  /**
   * Returns a named circuit breaker policy.
   *
   * @param name the policy's name
   * @return the policy, or {@code null}
   */
  CircuitBreakerPolicy circuitBreakerPolicy(String name) {
    return circuitBreakers.get(name);
  }

  /**
   * Returns the {@code spec.targets.apps} entries, for service invocation.
   *
   * @return by app id
   */
  Map<String, AppTarget> apps() {
    return apps;
  }

  /**
   * Returns the {@code spec.targets.actors} entries, for actors.
   *
   * @return by actor type
   */
  Map<String, ActorTarget> actors() {
    return actors;
  }
}
