package dev.plumb.runtime.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded resource document ({@code Subscription}, {@code Resiliency}, {@code Configuration}, ...)
 * that applies to the app, as plain data.
 *
 * @param kind {@code kind}, such as {@code Subscription}
 * @param apiVersion {@code apiVersion}, such as {@code dapr.io/v2alpha1}
 * @param name {@code metadata.name}; may be empty
 * @param source where it was read, such as {@code components/orders.yaml:1}, for messages
 * @param scopes the top-level {@code scopes}; empty means every app
 * @param spec {@code spec} as maps, lists, strings, numbers, booleans and {@code null}s; immutable
 */
public record Document(
    String kind,
    String apiVersion,
    String name,
    String source,
    List<String> scopes,
    Map<String, Object> spec) {

  /** Validates and copies the components. */
  public Document {
    Objects.requireNonNull(kind, "kind");
    apiVersion = apiVersion == null ? "" : apiVersion;
    name = name == null ? "" : name;
    Objects.requireNonNull(source, "source");
    scopes = List.copyOf(scopes);
    spec = frozen(spec);
  }

  @SuppressWarnings("unchecked")
  private static <T> T frozen(T value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) value).forEach((k, v) -> copy.put(k, frozen(v)));
      return (T) Collections.unmodifiableMap(copy);
    }
    if (value instanceof List) {
      List<Object> copy = new ArrayList<>();
      ((List<Object>) value).forEach(v -> copy.add(frozen(v)));
      return (T) Collections.unmodifiableList(copy);
    }
    return value;
  }
}
