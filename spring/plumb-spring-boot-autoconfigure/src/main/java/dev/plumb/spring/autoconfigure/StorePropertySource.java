package dev.plumb.spring.autoconfigure;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.runtime.Plumb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * A live Spring property source over a configuration store's items: key = property name, item value
 * = property value. Loaded when the runtime is built and kept current by a subscription, so that
 * {@code Environment#getProperty} returns the store's latest value; a deleted key disappears.
 * Thread-safe. Values are never logged.
 */
final class StorePropertySource extends EnumerablePropertySource<ConfigurationStore> {
  private static final Logger LOG = LoggerFactory.getLogger(StorePropertySource.class);

  /** The property source's name prefix; the store's name follows. */
  static final String NAME_PREFIX = "plumb-configuration:";

  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final List<String> keys;

  private StorePropertySource(ConfigurationStore store, List<String> keys) {
    super(NAME_PREFIX + store.name(), store);
    this.keys = List.copyOf(keys);
  }

  /**
   * Adds the property source of {@code plumb.configuration.property-source.*} to the environment,
   * first (over application properties, as a remote configuration server's are), if a store is
   * named.
   *
   * @return the subscription keeping it current, or {@code null} if none is configured; the runtime
   *     closes it when it stops
   * @throws ConfigurationException if the store is not loaded or cannot be read
   */
  static Subscription attach(
      Plumb plumb, PlumbProperties.PropertySource settings, ConfigurableEnvironment environment) {
    String name = settings.getStore();
    if (name == null || name.isBlank()) {
      return null;
    }
    ConfigurationStore store;
    try {
      store = plumb.configurationStore(name);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "plumb.configuration.property-source.store: no configuration store '"
              + name
              + "' is loaded ("
              + e.getMessage()
              + ")",
          e);
    }
    StorePropertySource source = new StorePropertySource(store, settings.getKeys());
    // Watch first, then read: a change between the two is applied, not lost.
    Subscription watch = store.subscribe(source.keys, source::apply);
    try {
      store
          .get(source.keys.toArray(String[]::new))
          .forEach((k, item) -> source.values.putIfAbsent(k, item.value()));
    } catch (RuntimeException e) {
      watch.close();
      throw e;
    }
    environment.getPropertySources().addFirst(source);
    LOG.info(
        "property source '{}' holds {} keys of configuration store '{}'",
        source.getName(),
        source.values.size(),
        name);
    return watch;
  }

  private void apply(ConfigurationUpdate update) {
    for (Map.Entry<String, ConfigurationItem> e : update.items().entrySet()) {
      if (e.getValue().isEmpty()) {
        values.remove(e.getKey());
      } else {
        values.put(e.getKey(), e.getValue().value());
      }
    }
    LOG.debug("property source '{}': {} keys changed", getName(), update.items().size());
  }

  @Override
  public Object getProperty(String name) {
    return values.get(name);
  }

  @Override
  public boolean containsProperty(String name) {
    return values.containsKey(name);
  }

  @Override
  public String[] getPropertyNames() {
    return values.keySet().toArray(String[]::new);
  }
}
