package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyResolutionTest {

  private static final String YAML =
      """
      apiVersion: dapr.io/v1alpha1
      kind: Resiliency
      metadata:
        name: defaults
      spec:
        policies:
          timeouts:
            DefaultTimeoutPolicy: 30s
            DefaultComponentTimeoutPolicy: 20s
            named: 1s
          retries:
            DefaultRetryPolicy: {maxRetries: 1}
            DefaultComponentOutboundRetryPolicy: {maxRetries: 2}
            DefaultStatestoreComponentOutboundRetryPolicy: {maxRetries: 3}
            DefaultPubsubComponentInboundRetryPolicy: {maxRetries: 4}
            DefaultBindingComponentInboundRetryPolicy: {maxRetries: 5}
            named: {maxRetries: 6}
          circuitBreakers:
            DefaultLockComponentOutboundCircuitBreakerPolicy: {}
        targets:
          components:
            orders:
              outbound:
                retry: named
      """;

  private final Resiliency resiliency = Resiliency.from(TestResources.parse(YAML), "order-service");

  @Test
  void theMostSpecificDefaultWinsPerPolicyKind() {
    assertThat(resiliency.resolve("statestore", "state.redis", false))
        .isEqualTo(
            new PolicyNames(
                "DefaultComponentTimeoutPolicy",
                "DefaultStatestoreComponentOutboundRetryPolicy",
                null));
    assertThat(resiliency.resolve("pubsub", "pubsub.kafka", false).retry())
        .isEqualTo("DefaultComponentOutboundRetryPolicy");
    assertThat(resiliency.resolve("lock", "lock.redis", false).circuitBreaker())
        .isEqualTo("DefaultLockComponentOutboundCircuitBreakerPolicy");
  }

  @Test
  void inboundDefaultsFollowTheBlock() {
    assertThat(resiliency.resolve("pubsub", "pubsub.kafka", true).retry())
        .isEqualTo("DefaultPubsubComponentInboundRetryPolicy");
    assertThat(resiliency.resolve("cron", "bindings.cron", true).retry())
        .isEqualTo("DefaultBindingComponentInboundRetryPolicy");
    assertThat(resiliency.resolve("statestore", "state.redis", true).retry())
        .as("no inbound default for state: the generic one")
        .isEqualTo("DefaultRetryPolicy");
  }

  @Test
  void theGenericDefaultAppliesWhenNothingMoreSpecificExists() {
    assertThat(resiliency.resolve("vault", "secretstores.local.file", false))
        .isEqualTo(
            new PolicyNames(
                "DefaultComponentTimeoutPolicy", "DefaultComponentOutboundRetryPolicy", null));
    assertThat(resiliency.resolve("x", "unknownblock.thing", true))
        .isEqualTo(new PolicyNames("DefaultComponentTimeoutPolicy", "DefaultRetryPolicy", null));
  }

  @Test
  void aNamedTargetUsesOnlyItsOwnPoliciesAsInDapr() {
    assertThat(resiliency.resolve("orders", "state.redis", false))
        .isEqualTo(new PolicyNames(null, "named", null));
    assertThat(resiliency.resolve("orders", "state.redis", true)).isEqualTo(PolicyNames.NONE);
  }
}
