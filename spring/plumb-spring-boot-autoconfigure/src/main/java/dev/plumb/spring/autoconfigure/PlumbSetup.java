package dev.plumb.spring.autoconfigure;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.ComponentInfo;
import dev.plumb.runtime.Plumb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/** Turns {@code plumb.*} properties into a {@link Plumb.Builder}: resources, overrides, twins. */
final class PlumbSetup {
  private static final Map<Class<?>, String> TWINS =
      Map.of(
          StateStore.class, "state.in-memory",
          PubSub.class, "pubsub.in-memory",
          LockStore.class, "lock.in-memory",
          ConfigurationStore.class, "configuration.in-memory");

  private PlumbSetup() {}

  static PlumbProperties bind(Environment environment) {
    return Binder.get(environment).bindOrCreate("plumb", PlumbProperties.class);
  }

  /** A builder with the properties applied and start deferred; not yet customized. */
  static Plumb.Builder builder(PlumbProperties p, ResourceLoader loader) {
    Plumb.Builder b = Plumb.builder().appId(p.getAppId()).deferStart();
    b.shutdownGracePeriod(p.getShutdownGracePeriod());
    if (p.getNamespace() != null) {
      b.namespace(p.getNamespace());
    }
    for (String location : p.getResources().getPaths()) {
      b.resources(resolve(location, loader));
    }
    p.getComponents()
        .forEach((name, c) -> c.getMetadata().forEach((k, v) -> b.metadata(name, k, v)));
    if ("in-memory".equals(p.getTest().getReplace())) {
      replaceWithTwins(b, p);
    } else if (!"none".equals(p.getTest().getReplace())) {
      throw new ConfigurationException(
          "plumb.test.replace must be 'none' or 'in-memory', got '"
              + p.getTest().getReplace()
              + "'");
    }
    return b;
  }

  /**
   * Swaps every state store, pub/sub, lock store and configuration store for its in-memory twin (a
   * configuration twin reads the {@code InMemoryConfiguration} space of its name).
   */
  private static void replaceWithTwins(Plumb.Builder b, PlumbProperties p) {
    List<ComponentInfo> planned = b.plannedComponents();
    List<String> stores =
        planned.stream().filter(c -> c.api() == StateStore.class).map(ComponentInfo::name).toList();
    String actorStore = p.getTest().getActorStateStore();
    if (actorStore == null && stores.size() == 1) {
      actorStore = stores.get(0);
    }
    for (ComponentInfo c : planned) {
      String twin = TWINS.get(c.api());
      if (twin == null) {
        continue;
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      if (c.name().equals(actorStore)) {
        metadata.put("actorStateStore", "true");
      }
      b.replaceComponent(c.name(), twin, metadata);
    }
  }

  /**
   * Resolves a resources location: {@code file:} and plain paths as they are; {@code classpath:} to
   * its folder, or to a copy of its YAML files when they sit inside a jar.
   */
  static Path resolve(String location, ResourceLoader loader) {
    if (location.startsWith("file:")) {
      return Path.of(location.substring("file:".length()));
    }
    if (!location.startsWith("classpath:") && !location.startsWith("classpath*:")) {
      return Path.of(location);
    }
    Resource r = loader.getResource(location.replace("classpath*:", "classpath:"));
    try {
      if (r.exists() && r.isFile()) {
        return r.getFile().toPath();
      }
      String folder = location.substring(location.indexOf(':') + 1);
      folder = folder.endsWith("/") ? folder : folder + "/";
      ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(loader);
      List<Resource> files = new ArrayList<>();
      for (String ext : List.of("*.yaml", "*.yml")) {
        files.addAll(List.of(resolver.getResources("classpath*:" + folder + ext)));
      }
      if (files.isEmpty()) {
        throw new ConfigurationException(
            "plumb.resources.paths: '"
                + location
                + "' names no folder or YAML file on the class path");
      }
      Path copy = Files.createTempDirectory("plumb-resources-");
      copy.toFile().deleteOnExit();
      for (Resource f : files) {
        Path target = copy.resolve(f.getFilename());
        try (InputStream in = f.getInputStream()) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("plumb.resources.paths: cannot read '" + location + "'", e);
    }
  }
}
