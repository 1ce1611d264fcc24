package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.StateStore;
import dev.plumb.api.workflow.Activity;
import dev.plumb.api.workflow.ActivityContext;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Workflow and activity beans run on the runtime's workflow engine; {@code Workflows} is a bean.
 */
class WorkflowBeansTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class))
          .withPropertyValues("plumb.resources.paths=classpath:one-store");

  /** An order to ship. */
  public record Shipment(String id, List<String> items) {}

  /** Calls the activity once per item; its result is the list of labels. */
  static final class ShipOrder implements Workflow<Shipment, List<String>> {
    @Override
    public List<String> run(WorkflowContext ctx, Shipment input) {
      return input.items().stream()
          .map(item -> ctx.callActivity("PrintLabel", input.id() + "/" + item, String.class))
          .toList()
          .stream()
          .map(t -> t.await())
          .toList();
    }
  }

  /** An activity with a component injected, as activities usually have. */
  static final class PrintLabel implements Activity<String, String> {
    private final StateStore store;

    PrintLabel(StateStore store) {
      this.store = store;
    }

    @Override
    public String run(ActivityContext ctx, String input) {
      store.save("label-" + input, input);
      return "label:" + input;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ShippingConfig {
    @Bean
    ShipOrder shipOrder() {
      return new ShipOrder();
    }

    @Bean
    PrintLabel printLabel(StateStore store) {
      return new PrintLabel(store);
    }
  }

  @Test
  void workflowAndActivityBeansRunThroughTheWorkflowsBean() {
    runner
        .withUserConfiguration(ShippingConfig.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Workflows workflows = context.getBean(Workflows.class);
              assertThat(workflows).isSameAs(context.getBean(Plumb.class).workflows());
              String id =
                  workflows.schedule(ShipOrder.class, new Shipment("o-1", List.of("a", "b")));
              WorkflowState done = workflows.waitForCompletion(id, Duration.ofSeconds(20));
              assertThat(done.status()).isEqualTo(WorkflowStatus.COMPLETED);
              assertThat(done.name()).isEqualTo("ShipOrder");
              assertThat(done.readOutputAs(String[].class))
                  .containsExactly("label:o-1/a", "label:o-1/b");
              StateStore store = context.getBean(StateStore.class);
              assertThat(store.get("label-o-1/b", String.class).value()).isEqualTo("o-1/b");
            });
  }

  /** Raw: the engine could not know what to deserialize. */
  @SuppressWarnings("rawtypes")
  static final class RawActivity implements Activity {
    @Override
    public Object run(ActivityContext ctx, Object input) {
      return input;
    }
  }

  @Test
  void anActivityBeanWithoutTypeArgumentsFailsTheStartNamingIt() {
    runner
        .withBean("raw", RawActivity.class, RawActivity::new)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Activity bean 'raw'")
                    .hasMessageContaining("must name both type arguments"));
  }
}
