package dev.plumb.bindings.camel;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import org.apache.camel.CamelContext;

/**
 * The {@code bindings.camel} provider (version {@code v1}): Apache Camel endpoints as Dapr
 * bindings, input (a route from {@code inputUri}), output (operations on {@code uri} and per
 * operation URIs) or both; see {@link CamelSettings} for the metadata and {@code
 * docs/components/bindings-camel.md}. Any Camel component on the class path can be used.
 *
 * <p>The Camel bindings created by one instance of this provider share one {@code CamelContext},
 * started with the first and stopped with the last; Plumb discovers its providers afresh for each
 * {@code Plumb} instance, so that is one context per instance. Thread-safe; discovered through
 * {@link java.util.ServiceLoader}.
 */
public final class CamelBindingProvider implements ComponentProvider<InputOutputBindingComponent> {
  private final SharedCamelContext shared = new SharedCamelContext();

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public CamelBindingProvider() {}

  @Override
  public String type() {
    return "bindings.camel";
  }

  @Override
  public Class<InputOutputBindingComponent> componentClass() {
    return InputOutputBindingComponent.class;
  }

  /**
   * Reads the metadata, joins the shared context (starting it for the first binding) and checks
   * that every endpoint without a {@code ${...}} expression resolves.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws ConfigurationException if the metadata is invalid, a property clashes with another
   *     Camel binding's, or an endpoint does not resolve (an unknown scheme names the artifact to
   *     add)
   */
  @Override
  public InputOutputBindingComponent create(ComponentContext context) {
    CamelSettings settings = CamelSettings.read(context.metadata());
    context.metadata().validate();
    String owner = context.metadata().owner();
    CamelContext camel = shared.join(owner, settings.properties);
    try {
      CamelBindingComponent c =
          new CamelBindingComponent(context.name(), settings, camel, shared::leave);
      c.checkEndpoints(owner);
      return c;
    } catch (RuntimeException e) {
      shared.leave();
      throw e;
    }
  }
}
