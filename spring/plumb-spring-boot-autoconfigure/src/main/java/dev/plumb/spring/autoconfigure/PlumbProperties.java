package dev.plumb.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code plumb.*} properties of the application's runtime. Mutable JavaBean, as Spring binds
 * it; read once at start-up.
 */
@ConfigurationProperties("plumb")
public final class PlumbProperties {
  /** Whether Plumb is configured at all. */
  private boolean enabled = true;

  /** The application id: key prefixes of state stores, consumer groups, resource scopes. */
  private String appId = "";

  /** The namespace; the NAMESPACE environment variable when unset. */
  private String namespace;

  /** How long stopping lets deliveries, binding events and actor turns in flight finish. */
  private Duration shutdownGracePeriod = Duration.ofSeconds(30);

  private final Resources resources = new Resources();

  /** Per-component settings over the resources, by component name. */
  private Map<String, Component> components = new LinkedHashMap<>();

  private final Test test = new Test();

  /** Configuration store settings. */
  private final Configuration configuration = new Configuration();

  /**
   * Tells whether Plumb is configured.
   *
   * @return {@code plumb.enabled}, {@code true} by default
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether Plumb is configured.
   *
   * @param enabled {@code false} to leave Plumb out of the context
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the application id.
   *
   * @return {@code plumb.app-id}; empty by default
   */
  public String getAppId() {
    return appId;
  }

  /**
   * Sets the application id.
   *
   * @param appId the id
   */
  public void setAppId(String appId) {
    this.appId = appId;
  }

  /**
   * Returns the namespace.
   *
   * @return {@code plumb.namespace}, or {@code null} for the environment's
   */
  public String getNamespace() {
    return namespace;
  }

  /**
   * Sets the namespace.
   *
   * @param namespace the namespace
   */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /**
   * Returns the grace period of shutdown.
   *
   * @return {@code plumb.shutdown-grace-period}, 30 seconds by default
   */
  public Duration getShutdownGracePeriod() {
    return shutdownGracePeriod;
  }

  /**
   * Sets the grace period of shutdown.
   *
   * @param shutdownGracePeriod the longest wait for work in flight
   */
  public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
    this.shutdownGracePeriod = shutdownGracePeriod;
  }

  /**
   * Returns where the resources are.
   *
   * @return the {@code plumb.resources.*} settings
   */
  public Resources getResources() {
    return resources;
  }

  /**
   * Returns the per-component settings.
   *
   * @return {@code plumb.components.<name>.*}, by name
   */
  public Map<String, Component> getComponents() {
    return components;
  }

  /**
   * Sets the per-component settings.
   *
   * @param components by name
   */
  public void setComponents(Map<String, Component> components) {
    this.components = components;
  }

  /**
   * Returns the test settings.
   *
   * @return the {@code plumb.test.*} settings
   */
  public Test getTest() {
    return test;
  }

  /** Where the Dapr resource files are. */
  public static final class Resources {
    /**
     * Folders or files of Dapr resources (Component, Subscription, Resiliency, Configuration):
     * classpath:components/, file:./components or a plain path.
     */
    private List<String> paths = new ArrayList<>();

    /**
     * Returns the locations.
     *
     * @return {@code plumb.resources.paths}; empty by default
     */
    public List<String> getPaths() {
      return paths;
    }

    /**
     * Sets the locations.
     *
     * @param paths {@code classpath:}, {@code file:} or plain paths
     */
    public void setPaths(List<String> paths) {
      this.paths = paths;
    }
  }

  /** Settings of one component. */
  public static final class Component {
    /** Metadata fields set over the resource's values, by Dapr field name. */
    private Map<String, String> metadata = new LinkedHashMap<>();

    /**
     * Returns the metadata overrides.
     *
     * @return field to value
     */
    public Map<String, String> getMetadata() {
      return metadata;
    }

    /**
     * Sets the metadata overrides.
     *
     * @param metadata field to value
     */
    public void setMetadata(Map<String, String> metadata) {
      this.metadata = metadata;
    }
  }

  /** Test settings, set by {@code @PlumbTest}. */
  public static final class Test {
    /**
     * none, or in-memory: every state store, pub/sub, lock and configuration store becomes its
     * in-memory twin.
     */
    private String replace = "none";

    /** The state store that hosts actors when components are replaced; the only one by default. */
    private String actorStateStore;

    /**
     * Returns the replacement mode.
     *
     * @return {@code none} or {@code in-memory}
     */
    public String getReplace() {
      return replace;
    }

    /**
     * Sets the replacement mode.
     *
     * @param replace {@code none} or {@code in-memory}
     */
    public void setReplace(String replace) {
      this.replace = replace;
    }

    /**
     * Returns the actor state store of replaced components.
     *
     * @return its name, or {@code null} for the only state store
     */
    public String getActorStateStore() {
      return actorStateStore;
    }

    /**
     * Sets the actor state store of replaced components.
     *
     * @param actorStateStore its name
     */
    public void setActorStateStore(String actorStateStore) {
      this.actorStateStore = actorStateStore;
    }
  }

  /**
   * Returns the configuration store settings.
   *
   * @return the settings
   */
  public Configuration getConfiguration() {
    return configuration;
  }

  /** Configuration store settings. */
  public static final class Configuration {
    private final PropertySource propertySource = new PropertySource();

    /**
     * Returns the property source settings.
     *
     * @return the settings
     */
    public PropertySource getPropertySource() {
      return propertySource;
    }
  }

  /** A Spring property source backed by a configuration store; off unless a store is named. */
  public static final class PropertySource {
    /** The configuration store whose items become properties; none: no property source. */
    private String store;

    /** The keys to load and watch; empty: every item of the store. */
    private List<String> keys = new ArrayList<>();

    /**
     * Returns the store.
     *
     * @return its name, or {@code null} for no property source
     */
    public String getStore() {
      return store;
    }

    /**
     * Sets the store.
     *
     * @param store its name
     */
    public void setStore(String store) {
      this.store = store;
    }

    /**
     * Returns the keys.
     *
     * @return the keys; empty for all
     */
    public List<String> getKeys() {
      return keys;
    }

    /**
     * Sets the keys.
     *
     * @param keys the keys
     */
    public void setKeys(List<String> keys) {
      this.keys = keys;
    }
  }
}
