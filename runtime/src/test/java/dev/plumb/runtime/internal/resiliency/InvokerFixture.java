package dev.plumb.runtime.internal.resiliency;

import dev.plumb.runtime.internal.ManualClock;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.TestRuntime;
import dev.plumb.runtime.spi.Invoker;
import io.opentelemetry.api.OpenTelemetry;

/** Runtime services for invoker tests; close after each test. */
final class InvokerFixture implements AutoCloseable {
  final TestRuntime services = new TestRuntime();
  final ManualClock clock = services.clock;
  final RuntimeContext runtime = services.context();

  /**
   * Builds the outbound invoker of component {@code statestore} ({@code state.redis}) from a {@code
   * spec} body.
   */
  Invoker statestore(String specYaml) {
    return resiliency(specYaml).outbound("statestore", "state.redis", runtime);
  }

  RuntimeContext runtime(OpenTelemetry openTelemetry) {
    return services.context("order-service", "", openTelemetry);
  }

  Resiliency resiliency(String specYaml) {
    String yaml =
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: test
        spec:
        """
            + specYaml.indent(2);
    return Resiliency.from(TestResources.parse(yaml), "order-service");
  }

  @Override
  public void close() {
    services.close();
  }
}
