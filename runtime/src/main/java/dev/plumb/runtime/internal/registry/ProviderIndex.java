package dev.plumb.runtime.internal.registry;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The component providers available to one {@code Plumb} instance, by type and version: those found
 * with {@link ServiceLoader} plus those given to the builder. Immutable once built.
 */
final class ProviderIndex {
  private final Map<String, ComponentProvider<?>> byKey;
  private final Map<String, Set<String>> versionsByType;

  private ProviderIndex(
      Map<String, ComponentProvider<?>> byKey, Map<String, Set<String>> versionsByType) {
    this.byKey = byKey;
    this.versionsByType = versionsByType;
  }

  /**
   * Finds the providers.
   *
   * @param loader where {@code META-INF/services} entries are looked up
   * @param extra providers given in code; one of the same class as a discovered provider replaces
   *     it
   * @return the index
   * @throws ConfigurationException if two providers of different classes claim one type and version
   */
  static ProviderIndex discover(ClassLoader loader, List<ComponentProvider<?>> extra) {
    List<ComponentProvider<?>> all = new ArrayList<>();
    for (ComponentProvider<?> p : ServiceLoader.load(ComponentProvider.class, loader)) {
      if (extra.stream().noneMatch(e -> e.getClass() == p.getClass())) {
        all.add(p);
      }
    }
    all.addAll(extra);
    Map<String, ComponentProvider<?>> byKey = new LinkedHashMap<>();
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ComponentProvider<?> p : all) {
      for (String version : p.versions()) {
        String key = key(p.type(), version);
        ComponentProvider<?> previous = byKey.putIfAbsent(key, p);
        if (previous != null && previous != p) {
          problems.add(
              "type '"
                  + p.type()
                  + "' "
                  + version
                  + " is provided by both "
                  + previous.getClass().getName()
                  + " and "
                  + p.getClass().getName()
                  + "; keep one of them on the classpath");
        }
        versions.computeIfAbsent(normal(p.type()), t -> new TreeSet<>()).add(version);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new ProviderIndex(byKey, versions);
  }

  Optional<ComponentProvider<?>> find(String type, String version) {
    return Optional.ofNullable(byKey.get(key(type, version)));
  }

  Set<String> versionsOf(String type) {
    return versionsByType.getOrDefault(normal(type), Set.of());
  }

  /**
   * Returns every type some provider serves.
   *
   * @return the types, lower case
   */
  Set<String> types() {
    return versionsByType.keySet();
  }

  private static String key(String type, String version) {
    return normal(type) + "/" + normal(version);
  }

  private static String normal(String s) {
    return s.trim().toLowerCase(Locale.ROOT);
  }
}
