package dev.plumb.runtime.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One YAML document of a resources folder (a {@code Component}, {@code Subscription}, {@code
 * Resiliency} or {@code Configuration}), with where each of its nodes stands in the file so that
 * errors can name the line.
 *
 * @param file the file it came from, or {@code null} for resources built in code
 * @param line the 1-based line where the document starts
 * @param apiVersion {@code apiVersion}
 * @param kind {@code kind}
 * @param name {@code metadata.name}
 * @param scopes the top-level {@code scopes}; empty means every app
 * @param root the whole document
 * @param lines the 1-based line of each node of {@code root}, by identity
 */
public record ResourceDocument(
    Path file,
    int line,
    String apiVersion,
    String kind,
    String name,
    List<String> scopes,
    JsonNode root,
    Map<JsonNode, Integer> lines) {

  /** Validates and copies the components. */
  public ResourceDocument {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(root, "root");
    scopes = List.copyOf(scopes);
  }

  /**
   * Returns the line where a node of this document starts.
   *
   * @param node a node reached from {@link #root()}
   * @return its 1-based line, or the document's line if unknown
   */
  public int lineOf(JsonNode node) {
    Integer l = node == null ? null : lines.get(node);
    return l != null ? l : line;
  }

  /**
   * Describes where a node stands, for error messages.
   *
   * @param node a node of this document, or {@code null} for the document itself
   * @return for example {@code components/redis.yaml:12}
   */
  public String where(JsonNode node) {
    String f = file == null ? "<code>" : file.toString();
    return f + ":" + (node == null ? line : lineOf(node));
  }

  /**
   * Returns {@code spec}.
   *
   * @return the spec node, a missing node if absent
   */
  public JsonNode spec() {
    return root.path("spec");
  }
}
