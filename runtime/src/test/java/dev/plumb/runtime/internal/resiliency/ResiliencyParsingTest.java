package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.runtime.internal.resiliency.RetryPolicy.CodeRange;
import dev.plumb.runtime.internal.resiliency.Targets.ActorScope;
import dev.plumb.runtime.internal.resiliency.Targets.ActorTarget;
import dev.plumb.runtime.internal.resiliency.Targets.AppTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResiliencyParsingTest {

  static final String FULL_EXAMPLE =
      """
      apiVersion: dapr.io/v1alpha1
      kind: Resiliency
      metadata:
        name: myresiliency
      scopes:
        - order-service
      spec:
        policies:
          timeouts:
            general: 5s
            important: 60s
            largeResponse: 10s
            fast: 250
          retries:
            pubsubRetry:
              policy: constant
              duration: 5s
              maxRetries: 10
            retryForever:
              policy: exponential
              maxInterval: 15s
              maxRetries: -1
            important:
              policy: constant
              duration: 5s
              maxRetries: 30
            someOperation:
              policy: exponential
            retryHttp:
              policy: constant
              duration: 1s
              maxRetries: 3
              matching:
                httpStatusCodes: "429,500-599"
                gRPCStatusCodes: "1-4,8-11,13,14"
          circuitBreakers:
            simpleCB:
              maxRequests: 1
              timeout: 30s
              trip: consecutiveFailures >= 5
            pubsubCB:
              maxRequests: 2
              interval: 8s
              timeout: 45s
              trip: requests > 10 && (totalFailures > 5 || consecutiveFailures > 3)
            defaultsCB: {}
        targets:
          apps:
            appB:
              timeout: general
              retry: important
              circuitBreaker: simpleCB
              circuitBreakerCacheSize: 50
          actors:
            myActorType:
              timeout: general
              retry: important
              circuitBreaker: simpleCB
              circuitBreakerScope: both
              circuitBreakerCacheSize: 5000
          components:
            statestore1:
              outbound:
                timeout: general
                retry: retryForever
                circuitBreaker: simpleCB
            pubsub2:
              outbound:
                retry: pubsubRetry
                circuitBreaker: pubsubCB
              inbound:
                timeout: general
                retry: important
                circuitBreaker: pubsubCB
      """;

  @Test
  void readsEveryPolicyAndTargetOfTheDaprExample() {
    Resiliency r = Resiliency.from(TestResources.parse(FULL_EXAMPLE), "order-service");

    assertThat(r.timeout("general")).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.timeout("important")).isEqualTo(Duration.ofSeconds(60));
    assertThat(r.timeout("fast"))
        .as("a bare integer is milliseconds, as in Dapr")
        .isEqualTo(Duration.ofMillis(250));

    RetryPolicy pubsubRetry = r.retryPolicy("pubsubRetry");
    assertThat(pubsubRetry.exponential()).isFalse();
    assertThat(pubsubRetry.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(pubsubRetry.maxRetries()).isEqualTo(10);
    assertThat(pubsubRetry.maxAttempts()).isEqualTo(11);

    RetryPolicy forever = r.retryPolicy("retryForever");
    assertThat(forever.exponential()).isTrue();
    assertThat(forever.maxInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(forever.maxRetries()).isEqualTo(-1);
    assertThat(forever.maxAttempts()).isEqualTo(Integer.MAX_VALUE);

    RetryPolicy defaults = r.retryPolicy("someOperation");
    assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.maxInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.maxRetries()).isEqualTo(-1);

    RetryPolicy http = r.retryPolicy("retryHttp");
    assertThat(http.httpStatusCodes())
        .containsExactly(new CodeRange(429, 429), new CodeRange(500, 599));
    assertThat(http.grpcStatusCodes())
        .containsExactly(
            new CodeRange(1, 4),
            new CodeRange(8, 11),
            new CodeRange(13, 13),
            new CodeRange(14, 14));

    CircuitBreakerPolicy simple = r.circuitBreakerPolicy("simpleCB");
    assertThat(simple.maxRequests()).isEqualTo(1);
    assertThat(simple.interval()).isZero();
    assertThat(simple.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(simple.trip()).hasToString("consecutiveFailures >= 5");
    CircuitBreakerPolicy pubsubCb = r.circuitBreakerPolicy("pubsubCB");
    assertThat(pubsubCb.maxRequests()).isEqualTo(2);
    assertThat(pubsubCb.interval()).isEqualTo(Duration.ofSeconds(8));
    CircuitBreakerPolicy dflt = r.circuitBreakerPolicy("defaultsCB");
    assertThat(dflt.maxRequests()).isEqualTo(1);
    assertThat(dflt.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(dflt.trip()).hasToString("consecutiveFailures > 5");

    assertThat(r.apps())
        .containsEntry(
            "appB", new AppTarget(new PolicyNames("general", "important", "simpleCB"), 50));
    assertThat(r.actors())
        .containsEntry(
            "myActorType",
            new ActorTarget(
                new PolicyNames("general", "important", "simpleCB"), ActorScope.BOTH, 5000));

    assertThat(r.resolve("statestore1", "state.redis", false))
        .isEqualTo(new PolicyNames("general", "retryForever", "simpleCB"));
    assertThat(r.resolve("pubsub2", "pubsub.kafka", false))
        .isEqualTo(new PolicyNames(null, "pubsubRetry", "pubsubCB"));
    assertThat(r.resolve("pubsub2", "pubsub.kafka", true))
        .isEqualTo(new PolicyNames("general", "important", "pubsubCB"));
  }

  @Test
  void skipsDocumentsScopedToOtherApps() {
    Resiliency r = Resiliency.from(TestResources.parse(FULL_EXAMPLE), "billing");

    assertThat(r.timeout("general")).isNull();
    assertThat(r.resolve("statestore1", "state.redis", false)).isEqualTo(PolicyNames.NONE);
  }

  @Test
  void aPolicyDefinedInAnotherDocumentCanBeReferenced() {
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: policies
        spec:
          policies:
            retries:
              shared: {maxRetries: 2}
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: targets
        spec:
          targets:
            components:
              statestore:
                outbound: {retry: shared}
        """;

    Resiliency r = Resiliency.from(TestResources.parse(yaml), "order-service");

    assertThat(r.resolve("statestore", "state.redis", false).retry()).isEqualTo("shared");
  }

  @Test
  void anUnknownPolicyNameIsReportedWithFileAndLine() {
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: myresiliency
        spec:
          policies:
            retries:
              important: {maxRetries: 3}
          targets:
            components:
              statestore:
                outbound:
                  retry: importnat
        """;

    assertThatThrownBy(() -> Resiliency.from(TestResources.parse(yaml), "order-service"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "resiliency 'myresiliency' (components/resiliency.yaml:13):"
                + " spec.targets.components.statestore.outbound.retry:"
                + " no retry policy named 'importnat' (defined: important)");
  }

  @Test
  void anInvalidTripExpressionIsReportedWithFileLineAndPolicy() {
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: myresiliency
        spec:
          policies:
            circuitBreakers:
              cb:
                trip: totalFailures / requests
        """;

    assertThatThrownBy(() -> Resiliency.from(TestResources.parse(yaml), "order-service"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "resiliency 'myresiliency' (components/resiliency.yaml:9):"
                + " spec.policies.circuitBreakers.cb.trip: invalid expression"
                + " 'totalFailures / requests': expected type 'bool' but found 'int' at column 15");
  }

  @Test
  void hostileTripExpressionsFailCleanlyWhenTheResourcesLoad() {
    String nested = "(".repeat(3100) + "requests > 1" + ")".repeat(3100);
    String chain = String.join(" && ", java.util.Collections.nCopies(29_400, "requests > 1"));
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: hostile
        spec:
          policies:
            circuitBreakers:
              deep:
                trip: "%s"
              long:
                trip: "%s"
        """
            .formatted(nested, chain);

    assertThatThrownBy(() -> Resiliency.from(TestResources.parse(yaml), "order-service"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "resiliency 'hostile' (components/resiliency.yaml:9):"
                + " spec.policies.circuitBreakers.deep.trip: invalid expression '((((")
        .hasMessageContaining("(6212 characters)': Expression recursion limit exceeded. limit: 64")
        .hasMessageContaining(
            "resiliency 'hostile' (components/resiliency.yaml:11):"
                + " spec.policies.circuitBreakers.long.trip: invalid expression 'requests > 1")
        .hasMessageContaining("(470396 characters)': expression code point size exceeds limit");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: broken
        spec:
          policies:
            timeouts:
              bad: 5 seconds
              negative: -1s
            retries:
              r1:
                policy: linear
                maxRetries: three
              r2:
                matching:
                  httpStatusCodes: "500-700"
            circuitBreakers:
              cb:
                maxRequests: -1
          targets:
            actors:
              myActor:
                circuitBreaker: ok
        """;

    assertThatThrownBy(() -> Resiliency.from(TestResources.parse(yaml), "order-service"))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "resiliency 'broken' (components/resiliency.yaml:8):"
                            + " spec.policies.timeouts.bad: expected a duration such as 5s or"
                            + " 1m30s, got '5 seconds'",
                        "resiliency 'broken' (components/resiliency.yaml:9):"
                            + " spec.policies.timeouts.negative: must not be negative, got '-1s'",
                        "resiliency 'broken' (components/resiliency.yaml:12):"
                            + " spec.policies.retries.r1.policy: expected constant or exponential,"
                            + " got 'linear'",
                        "resiliency 'broken' (components/resiliency.yaml:13):"
                            + " spec.policies.retries.r1.maxRetries: expected an integer, got"
                            + " 'three'",
                        "resiliency 'broken' (components/resiliency.yaml:16):"
                            + " spec.policies.retries.r2.matching.httpStatusCodes: invalid code"
                            + " pattern '500-700': codes must lie in 100-599",
                        "resiliency 'broken' (components/resiliency.yaml:19):"
                            + " spec.policies.circuitBreakers.cb.maxRequests: must lie in"
                            + " 0..4294967295, got -1",
                        "resiliency 'broken' (components/resiliency.yaml:23):"
                            + " spec.targets.actors.myActor.circuitBreaker: no circuit breaker"
                            + " policy named 'ok'",
                        "resiliency 'broken' (components/resiliency.yaml:23):"
                            + " spec.targets.actors.myActor: an actor circuit breaker needs"
                            + " circuitBreakerScope (type, id or both)"));
  }

  @Test
  void ignoresOtherKinds() {
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.redis
          policies:
            timeouts:
              bad: nonsense
        """;

    Resiliency r = Resiliency.from(TestResources.parse(yaml), "order-service");

    assertThat(r.resolve("statestore", "state.redis", false)).isEqualTo(PolicyNames.NONE);
  }

  @Test
  void noDocumentsMeansNoPolicies() {
    Resiliency r = Resiliency.from(List.of(), "order-service");

    assertThat(r.resolve("statestore", "state.redis", false)).isEqualTo(PolicyNames.NONE);
  }
}
