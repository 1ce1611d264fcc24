package dev.plumb.runtime.internal.memory;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.runtime.InMemoryConfiguration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code configuration.in-memory}: reads and watches an {@link InMemoryConfiguration} space, which
 * tests write. Changes reach subscribers on the writer's thread. Thread-safe.
 */
final class InMemoryConfigurationComponent implements ConfigurationComponent {
  private final InMemoryConfiguration space;
  private final Set<Subscription> watches = ConcurrentHashMap.newKeySet();

  InMemoryConfigurationComponent(InMemoryConfiguration space) {
    this.space = space;
  }

  @Override
  public Map<String, ConfigurationItem> get(ConfigurationRequest request) {
    return space.get(request.keys());
  }

  @Override
  public Subscription subscribe(
      ConfigurationRequest request, Consumer<Map<String, ConfigurationItem>> changes) {
    Subscription watch = space.watch(request.keys(), changes);
    watches.add(watch);
    return () -> {
      watches.remove(watch);
      watch.close();
    };
  }

  @Override
  public void close() {
    watches.forEach(Subscription::close);
    watches.clear();
  }

  @Override
  public String toString() {
    return "InMemoryConfigurationComponent[" + space.name() + "]";
  }
}
