package dev.plumb.runtime.internal.resiliency;

import dev.plumb.runtime.internal.ComponentInvoker;
import dev.plumb.runtime.internal.ManualClock;
import dev.plumb.runtime.internal.RuntimeContext;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Runtime services for invoker tests; close after each test. */
final class InvokerFixture implements AutoCloseable {
  final ManualClock clock = new ManualClock();
  final ExecutorService executor = Executors.newCachedThreadPool();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final RuntimeContext runtime = TestResources.runtime(clock, executor, scheduler);

  /**
   * Builds the outbound invoker of component {@code statestore} ({@code state.redis}) from a {@code
   * spec} body.
   */
  ComponentInvoker statestore(String specYaml) {
    return resiliency(specYaml).outbound("statestore", "state.redis", runtime);
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
    return Resiliency.from(TestResources.parse(yaml), "order-service", OpenTelemetry.noop());
  }

  @Override
  public void close() {
    executor.shutdownNow();
    scheduler.shutdownNow();
  }
}
