package dev.plumb.runtime.internal.resources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code Component} resource, from a file or built in code.
 *
 * @param name {@code metadata.name}
 * @param namespace {@code metadata.namespace}; empty if absent
 * @param type {@code spec.type}, such as {@code state.redis}
 * @param version {@code spec.version}; {@code v1} if absent
 * @param metadata {@code spec.metadata}, in file order
 * @param initTimeout {@code spec.initTimeout}; 5 seconds if absent
 * @param ignoreErrors {@code spec.ignoreErrors}: a failure to start is logged, not fatal
 * @param secretStore {@code auth.secretStore}, or {@code null}
 * @param scopes the app ids allowed to load it; empty means all
 * @param document the document it came from, or {@code null} for components built in code
 * @param typeLine the line of {@code spec.type}, 0 for components built in code
 */
public record ComponentResource(
    String name,
    String namespace,
    String type,
    String version,
    List<MetadataEntry> metadata,
    Duration initTimeout,
    boolean ignoreErrors,
    String secretStore,
    List<String> scopes,
    ResourceDocument document,
    int typeLine) {

  /** Dapr's default {@code initTimeout}. */
  public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(5);

  /** Checks and copies the components. */
  public ComponentResource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(initTimeout, "initTimeout");
    metadata = List.copyOf(metadata);
    scopes = List.copyOf(scopes);
  }

  /**
   * Creates a component built in code, with plain metadata values.
   *
   * @param name the component's name
   * @param type its type
   * @param version its version
   * @param metadata plain values, in iteration order
   * @return the resource
   */
  public static ComponentResource inCode(
      String name, String type, String version, Map<String, String> metadata) {
    List<MetadataEntry> entries = new ArrayList<>();
    metadata.forEach((k, v) -> entries.add(MetadataEntry.plain(k, v, 0)));
    return new ComponentResource(
        name, "", type, version, entries, DEFAULT_INIT_TIMEOUT, false, null, List.of(), null, 0);
  }

  /**
   * Says where the component is defined.
   *
   * @return {@code components/redis.yaml:3}, or {@code built in code}
   */
  public String where() {
    return document == null ? "built in code" : document.where(null);
  }

  /**
   * Says where a line of the component stands.
   *
   * @param line a line of the component's file
   * @return {@code components/redis.yaml:12}, or {@code built in code} for code components
   */
  public String where(int line) {
    return document == null || line <= 0
        ? where()
        : (document.file() == null ? "<code>" : document.file().toString()) + ":" + line;
  }

  /**
   * Names the component for messages.
   *
   * @return {@code component 'statestore' (components/redis.yaml:3)}
   */
  public String describe() {
    return "component '" + name + "' (" + where() + ")";
  }

  /**
   * Returns the building block, the part of the type before the first dot.
   *
   * @return for example {@code state} for {@code state.redis}
   */
  public String block() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }
}
