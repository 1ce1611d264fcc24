package dev.plumb.bindings.cron;

import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;

/**
 * The {@code bindings.cron} provider (version {@code v1}): an input binding that fires on the
 * required {@code schedule} metadata, in Dapr's grammar (see {@code
 * docs/components/bindings-cron.md}). A schedule Dapr would reject fails the build.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class CronBindingProvider implements ComponentProvider<InputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public CronBindingProvider() {}

  @Override
  public String type() {
    return "bindings.cron";
  }

  @Override
  public Class<InputBindingComponent> componentClass() {
    return InputBindingComponent.class;
  }

  /**
   * Parses {@code schedule}; the component fires once the runtime reads it.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if {@code schedule} is missing or invalid
   */
  @Override
  public InputBindingComponent create(ComponentContext context) {
    String spec = context.metadata().requireString("schedule");
    CronSchedule schedule = null;
    if (!spec.isEmpty()) {
      try {
        schedule = CronSchedule.parse(spec);
      } catch (IllegalArgumentException e) {
        context
            .metadata()
            .addProblem(
                "metadata 'schedule' ('" + spec + "') is not a valid schedule: " + e.getMessage());
      }
    }
    context.metadata().validate();
    return new CronBindingComponent(context.name(), schedule, context.scheduler());
  }
}
