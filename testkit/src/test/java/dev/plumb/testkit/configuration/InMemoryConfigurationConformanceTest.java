package dev.plumb.testkit.configuration;

import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.runtime.InMemoryConfiguration;
import java.util.Collection;
import java.util.Map;

/** {@code configuration.in-memory} passes the configuration kit, on a space of its own. */
class InMemoryConfigurationConformanceTest extends ConfigurationConformanceKit {
  private final InMemoryConfiguration space = InMemoryConfiguration.space("conftest-" + run());

  @Override
  protected ConfigurationComponent createComponent() throws Exception {
    return createFromProvider("configuration.in-memory", Map.of("space", space.name()));
  }

  @Override
  protected void addKeys(Map<String, ConfigurationItem> items) {
    space.putAll(items);
  }

  @Override
  protected void deleteKeys(Collection<String> keys) {
    space.delete(keys);
  }

  @Override
  protected boolean storeHoldsOnlyThisRun() {
    return true;
  }
}
