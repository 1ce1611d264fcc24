package dev.plumb.testkit.secrets;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The component context the kit hands a provider, and the provider lookup. */
final class KitContext implements ComponentContext {
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "plumb-secrets-kit-scheduler");
            t.setDaemon(true);
            return t;
          });

  private final String name;
  private final String type;
  private final ComponentMetadata metadata;
  private final Clock clock;

  KitContext(String name, String type, Map<String, String> metadata, Clock clock) {
    this.name = name;
    this.type = type;
    this.metadata = ComponentMetadata.of("component '" + name + "' (conformance kit)", metadata);
    this.clock = clock;
  }

  static ComponentProvider<?> provider(String type) {
    for (ComponentProvider<?> p : ServiceLoader.load(ComponentProvider.class)) {
      if (p.type().equalsIgnoreCase(type)) {
        return p;
      }
    }
    throw new IllegalStateException("no provider for type '" + type + "' on the classpath");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String version() {
    return "v1";
  }

  @Override
  public String appId() {
    return "conftest";
  }

  @Override
  public ComponentMetadata metadata() {
    return metadata;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return SCHEDULER;
  }
}
