package dev.plumb.runtime.internal.memory;

import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.runtime.InMemoryConfiguration;

/**
 * Provides {@code configuration.in-memory}: the items of the {@link InMemoryConfiguration} space
 * named by the {@code space} metadata, by default the component's name. Listed in {@code
 * META-INF/services}.
 */
public final class InMemoryConfigurationProvider
    implements ComponentProvider<ConfigurationComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public InMemoryConfigurationProvider() {}

  @Override
  public String type() {
    return "configuration.in-memory";
  }

  @Override
  public Class<ConfigurationComponent> componentClass() {
    return ConfigurationComponent.class;
  }

  @Override
  public ConfigurationComponent create(ComponentContext context) {
    String space = context.metadata().getString("space").orElse(context.name());
    context.metadata().validate();
    return new InMemoryConfigurationComponent(InMemoryConfiguration.space(space));
  }
}
