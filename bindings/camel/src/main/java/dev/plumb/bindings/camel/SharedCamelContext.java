package dev.plumb.bindings.camel;

import dev.plumb.api.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;

/**
 * The one {@link CamelContext} of the Camel bindings a provider instance creates, which is one
 * {@code Plumb} instance's (Plumb discovers providers afresh for each instance): created and
 * started with the first binding, so endpoint URIs are checked at build time, and stopped when the
 * last binding closes, after Plumb has drained the input routes. The bindings' {@code camel.*}
 * properties are merged into it; two bindings giving one property different values is a
 * configuration error. Thread-safe.
 */
final class SharedCamelContext {
  // How long the context's own shutdown waits for what is still in flight: Plumb's drain has
  // already stopped the routes it opened, so this only bounds stray exchanges.
  private static final long SHUTDOWN_SECONDS = 10;

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> owners = new HashMap<>();
  private CamelContext context;
  private int users;

  /**
   * Joins the shared context, creating and starting it for the first binding.
   *
   * @param owner describes the binding in messages
   * @param own the binding's {@code camel.*} properties
   * @return the started context; call {@link #leave()} once when the binding closes
   * @throws ConfigurationException if a property clashes with another binding's, or a component
   *     option does not exist
   */
  CamelContext join(String owner, Map<String, String> own) {
    lock.lock();
    try {
      for (Map.Entry<String, String> e : own.entrySet()) {
        String previous = properties.get(e.getKey());
        if (previous != null && !previous.equals(e.getValue())) {
          throw new ConfigurationException(
              owner
                  + ": metadata '"
                  + e.getKey()
                  + "' differs from the value "
                  + owners.get(e.getKey())
                  + " gives it; the Camel bindings of one Plumb instance share one CamelContext");
        }
      }
      boolean created = false;
      if (context == null) {
        context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(SHUTDOWN_SECONDS);
        context.getShutdownStrategy().setTimeUnit(TimeUnit.SECONDS);
        created = true;
      }
      try {
        for (Map.Entry<String, String> e : own.entrySet()) {
          if (!properties.containsKey(e.getKey())) {
            context.getPropertiesComponent().addInitialProperty(e.getKey(), e.getValue());
          }
        }
        for (Map.Entry<String, String> e : own.entrySet()) {
          if (!properties.containsKey(e.getKey())) {
            bindComponentOption(owner, e.getKey(), e.getValue());
          }
        }
        if (created) {
          context.start();
        }
      } catch (RuntimeException e) {
        if (created) {
          stopQuietly();
        }
        throw e;
      }
      own.forEach(
          (k, v) -> {
            properties.putIfAbsent(k, v);
            owners.putIfAbsent(k, owner);
          });
      users++;
      return context;
    } finally {
      lock.unlock();
    }
  }

  /** Sets {@code camel.component.<scheme>.<option>} on the component, as Camel Main does. */
  private void bindComponentOption(String owner, String key, String value) {
    if (!key.regionMatches(true, 0, CamelSettings.COMPONENT_PREFIX, 0, 16)) {
      return;
    }
    String rest = key.substring(CamelSettings.COMPONENT_PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      throw new ConfigurationException(
          owner + ": metadata '" + key + "' must be camel.component.<scheme>.<option>");
    }
    String scheme = rest.substring(0, dot);
    Component component = context.getComponent(scheme, true);
    if (component == null) {
      throw new ConfigurationException(
          owner
              + ": metadata '"
              + key
              + "': no Camel component '"
              + scheme
              + "' on the class path; add org.apache.camel:camel-"
              + scheme);
    }
    try {
      PropertyBindingSupport.build()
          .withMandatory(true)
          .withIgnoreCase(true)
          .bind(context, component, rest.substring(dot + 1), value);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          owner + ": metadata '" + key + "' is not an option of Camel's " + scheme + " component",
          e);
    }
  }

  /** Leaves the shared context; the last binding to leave stops it. */
  void leave() {
    lock.lock();
    try {
      if (--users == 0) {
        stopQuietly();
        properties.clear();
        owners.clear();
      }
    } finally {
      lock.unlock();
    }
  }

  private void stopQuietly() {
    CamelContext c = Objects.requireNonNull(context);
    context = null;
    c.stop();
  }
}
