package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.workflow.Activity;
import dev.plumb.api.workflow.ActivityContext;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.PlumbActivities;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Workflow and activity beans, single or {@code @PlumbActivities} interfaces, run on the runtime's
 * workflow engine; {@code Workflows} is a bean.
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

  /** A parcel of a shipment. */
  public record Parcel(String item, int weight) {}

  /**
   * Shipping steps as methods of one interface; package-private, as application types often are.
   */
  interface Shipping {
    List<Parcel> pack(Shipment shipment);

    /** Sums the weights: a list whose elements arrived as maps, not parcels, fails here. */
    int weigh(List<Parcel> parcels);

    String dispatch(String shipmentId);
  }

  /** Packs, weighs and dispatches through the typed stub of the interface. */
  static final class Dispatch implements Workflow<Shipment, String> {
    @Override
    public String run(WorkflowContext ctx, Shipment input) {
      Shipping shipping = ctx.activities(Shipping.class);
      List<Parcel> parcels = shipping.pack(input);
      int weight = shipping.weigh(parcels);
      return shipping.dispatch(input.id() + "/" + weight);
    }
  }

  /** An ordinary application bean that the activities inject. */
  static final class LabelFormat {
    String label(String text) {
      return "label:" + text;
    }
  }

  /** The implementation, with a component and an application bean injected. */
  static class ShippingSteps implements Shipping {
    private final StateStore store;
    private final LabelFormat format;

    ShippingSteps(StateStore store, LabelFormat format) {
      this.store = store;
      this.format = format;
    }

    @Override
    public List<Parcel> pack(Shipment shipment) {
      return shipment.items().stream().map(i -> new Parcel(i, i.length())).toList();
    }

    @Override
    public int weigh(List<Parcel> parcels) {
      return parcels.stream().mapToInt(Parcel::weight).sum();
    }

    @Override
    public String dispatch(String shipmentId) {
      store.save("dispatched-" + shipmentId, shipmentId);
      return format.label(shipmentId);
    }
  }

  /** The implementation marked on its class. */
  @PlumbActivities(Shipping.class)
  static final class MarkedShippingSteps extends ShippingSteps {
    MarkedShippingSteps(StateStore store, LabelFormat format) {
      super(store, format);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MarkedClassConfig {
    @Bean
    Dispatch dispatch() {
      return new Dispatch();
    }

    @Bean
    LabelFormat labelFormat() {
      return new LabelFormat();
    }

    @Bean
    MarkedShippingSteps shippingSteps(StateStore store, LabelFormat format) {
      return new MarkedShippingSteps(store, format);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MarkedMethodConfig {
    @Bean
    Dispatch dispatch() {
      return new Dispatch();
    }

    @Bean
    LabelFormat labelFormat() {
      return new LabelFormat();
    }

    @Bean
    @PlumbActivities(Shipping.class)
    Shipping shipping(StateStore store, LabelFormat format) {
      return new ShippingSteps(store, format);
    }
  }

  @Test
  void anActivitiesBeanMarkedOnItsClassRunsEachMethodAsAnActivity() {
    runner.withUserConfiguration(MarkedClassConfig.class).run(context -> assertDispatched(context));
  }

  @Test
  void anActivitiesBeanMarkedOnItsBeanMethodRunsEachMethodAsAnActivity() {
    runner
        .withUserConfiguration(MarkedMethodConfig.class)
        .run(context -> assertDispatched(context));
  }

  private static void assertDispatched(AssertableApplicationContext context) throws Exception {
    assertThat(context).hasNotFailed();
    Workflows workflows = context.getBean(Workflows.class);
    String id = workflows.schedule(Dispatch.class, new Shipment("s-1", List.of("ab", "cde")));
    WorkflowState done = workflows.waitForCompletion(id, Duration.ofSeconds(20));
    assertThat(done.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(done.readOutputAs(String.class)).isEqualTo("label:s-1/5");
    StateStore store = context.getBean(StateStore.class);
    assertThat(store.get("dispatched-s-1/5", String.class).value()).isEqualTo("s-1/5");
  }

  @Test
  void twoBeansMarkedForOneInterfaceFailTheStartNamingBoth() {
    runner
        .withBean("first", MarkedShippingSteps.class, () -> new MarkedShippingSteps(null, null))
        .withBean("second", MarkedShippingSteps.class, () -> new MarkedShippingSteps(null, null))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("'first' and 'second'")
                    .hasMessageContaining(Shipping.class.getName()));
  }

  /** Names an interface it does not implement. */
  @PlumbActivities(Shipping.class)
  static final class NotShipping {}

  @Test
  void aBeanThatDoesNotImplementItsInterfaceFailsTheStartNamingBoth() {
    runner
        .withBean("notShipping", NotShipping.class, NotShipping::new)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("bean 'notShipping'")
                    .hasMessageContaining("does not implement " + Shipping.class.getName()));
  }

  /** A method with two arguments cannot be an activity. */
  interface Quoting {
    int quote(String item, String currency);
  }

  /** Implements a method that does not fit. */
  @PlumbActivities(Quoting.class)
  static final class Quotes implements Quoting {
    @Override
    public int quote(String item, String currency) {
      return 1;
    }
  }

  @Test
  void anInterfaceMethodThatDoesNotFitFailsTheStartNamingBeanInterfaceAndMethod() {
    runner
        .withBean("quotes", Quotes.class, Quotes::new)
        .run(
            context -> {
              Throwable e = context.getStartupFailure();
              while (e != null && !(e instanceof ConfigurationException)) {
                e = e.getCause();
              }
              assertThat(e)
                  .isNotNull()
                  .hasMessageContaining("bean 'quotes'")
                  .hasMessageContaining(Quoting.class.getName() + ".quote")
                  .hasMessageContaining("at most one");
            });
  }
}
