package dev.plumb.runtime.internal.registry;

import dev.plumb.runtime.internal.resources.ComponentResource;
import dev.plumb.runtime.internal.resources.Suggestions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Plumb and Dapr know about component types, for messages: which Plumb artifact provides a
 * type ({@code plumb-providers.txt}, checked against every module's {@code META-INF/services} by a
 * test), which types daprd registers ({@code dapr-component-types.txt}) and which metadata fields
 * Dapr documents for the types Plumb provides ({@code dapr-metadata-fields.txt}). Immutable.
 */
final class TypeCatalogue {
  private static final String GROUP = "dev.plumb:";

  /** Loaded once, on first use. */
  private static final class Holder {
    static final TypeCatalogue INSTANCE = new TypeCatalogue();
  }

  private final Map<String, String> artifacts = new LinkedHashMap<>();
  private final Set<String> daprTypes = new LinkedHashSet<>();
  private final Map<String, Set<String>> daprFields = new LinkedHashMap<>();

  private TypeCatalogue() {
    for (String[] row : rows("plumb-providers.txt")) {
      artifacts.put(row[0], row[1]);
    }
    for (String[] row : rows("dapr-component-types.txt")) {
      daprTypes.add(row[0]);
    }
    for (String[] row : rows("dapr-metadata-fields.txt")) {
      daprFields
          .computeIfAbsent(row[0], t -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))
          .add(row[1]);
    }
  }

  static TypeCatalogue get() {
    return Holder.INSTANCE;
  }

  /**
   * Why no provider serves a component, and what to do.
   *
   * @param message the problem, naming the component, its file and line, and the remedy
   * @param unsupported whether the type is a Dapr type Plumb has no provider for (it may be
   *     skipped)
   */
  record Missing(String message, boolean unsupported) {}

  /**
   * Explains a component whose type and version no provider on the classpath serves: the versions
   * that are there; else the artifact that provides the type; else that Plumb does not support the
   * Dapr type yet; else the closest known type, as a likely typo.
   *
   * @param c the component
   * @param providers the providers on the classpath and those given in code
   * @return the explanation
   */
  Missing missing(ComponentResource c, ProviderIndex providers) {
    String type = c.type().trim().toLowerCase(Locale.ROOT);
    String head = "component '" + c.name() + "' (" + c.where(c.typeLine()) + "): ";
    String noProvider =
        "no provider for type '" + c.type() + "' " + c.version() + " on the classpath";
    Set<String> versions = providers.versionsOf(type);
    if (!versions.isEmpty()) {
      return new Missing(
          head + noProvider + "; versions available: " + String.join(", ", versions), false);
    }
    String artifact = artifacts.get(type);
    if (artifact != null) {
      return new Missing(head + noProvider + "; add " + GROUP + artifact, false);
    }
    Set<String> known = new LinkedHashSet<>(artifacts.keySet());
    known.addAll(providers.types());
    Optional<String> like = Suggestions.closest(type, known);
    if (daprTypes.contains(type)) {
      return new Missing(
          head
              + "type '"
              + c.type()
              + "' is a Dapr component type that Plumb does not support yet"
              + like.map(l -> " (Plumb has '" + l + "')").orElse("")
              + "; remove the component, set spec.ignoreErrors: true, or build with"
              + " Plumb.builder().skipUnsupportedComponents() to skip it with a warning",
          true);
    }
    if (like.isPresent()) {
      return new Missing(
          head + "unknown type '" + c.type() + "'; did you mean '" + like.get() + "'?", false);
    }
    like = Suggestions.closest(type, daprTypes);
    if (like.isPresent()) {
      return new Missing(
          head
              + "unknown type '"
              + c.type()
              + "'; did you mean '"
              + like.get()
              + "' (a Dapr type that Plumb does not support yet)?",
          false);
    }
    return new Missing(
        head
            + "unknown type '"
            + c.type()
            + "': neither Plumb nor Dapr has a component of that type; check spec.type, or put"
            + " the artifact of its provider on the classpath",
        false);
  }

  /**
   * Describes a metadata field the provider did not read: a Dapr field that Plumb's provider does
   * not support, or a likely misspelling (with the closest Dapr field of the type, if any).
   *
   * @param c the component
   * @param name the field, as written
   * @param line its line, 0 if unknown
   * @return the warning
   */
  String unreadField(ComponentResource c, String name, int line) {
    String type = c.type().trim().toLowerCase(Locale.ROOT);
    String field =
        c.describe()
            + ": metadata field '"
            + name
            + "'"
            + (line > 0 ? " (" + c.where(line) + ")" : "");
    Set<String> dapr = daprFields.getOrDefault(type, Set.of());
    if (dapr.contains(name)) {
      return field
          + " is a Dapr field that Plumb's provider of '"
          + c.type()
          + "' does not support; it is ignored";
    }
    return field
        + " is not used by type '"
        + c.type()
        + "'; check its spelling"
        + Suggestions.closest(name, dapr).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }

  private static List<String[]> rows(String resource) {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = TypeCatalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from plumb-runtime");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String t = line.trim();
        if (!t.isEmpty() && !t.startsWith("#")) {
          rows.add(t.split("\\s+"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
