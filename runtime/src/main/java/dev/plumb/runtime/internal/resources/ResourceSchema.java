package dev.plumb.runtime.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of Dapr's four resource kinds, as the Go types of {@code dapr/dapr} ({@code
 * pkg/apis/.../types.go}) declare them, and the normalization daprd's loader implies: it converts
 * YAML to JSON and decodes it with Go's {@code encoding/json}, which matches a struct's field names
 * without regard to case and treats {@code null} as empty. {@link #normalize} therefore renames
 * every field to Dapr's spelling, drops fields whose value is {@code null}, and reports the fields
 * Dapr does not have (ignored, as daprd ignores them) and those given twice. Keys of maps (policy
 * names, labels, subscription metadata) are data and keep their case. Stateless.
 */
final class ResourceSchema {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResourceSchema() {}

  /** What one place of a document holds. */
  sealed interface Node permits Struct, MapOf, ListOf, Leaf {}

  /**
   * A Go struct: known fields by lower-case name.
   *
   * @param fields Dapr's spelling of each field, by its lower-case form
   * @param reportUnknown whether unknown fields are reported here (not where another reader does)
   */
  record Struct(Map<String, Field> fields, boolean reportUnknown) implements Node {}

  /**
   * One field of a struct.
   *
   * @param name Dapr's spelling
   * @param node what it holds
   */
  record Field(String name, Node node) {}

  /**
   * A map whose keys are data.
   *
   * @param values what each value holds
   */
  record MapOf(Node values) implements Node {}

  /**
   * A list.
   *
   * @param items what each item holds
   */
  record ListOf(Node items) implements Node {}

  /** A scalar, or a value Plumb passes on as written (labels, a metadata entry's value). */
  enum Leaf implements Node {
    VALUE
  }

  /**
   * Something about a field that the loader reports as a warning.
   *
   * @param path the field's path, such as {@code spec.metadata[2].secretKeyRef.nmae}
   * @param node the field's value, for its line
   * @param message what is wrong, without the path
   */
  record Finding(String path, JsonNode node, String message) {}

  private static final Leaf VALUE = Leaf.VALUE;

  private static final Struct OBJECT_META =
      struct(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private static final Struct NAME_VALUE =
      struct("name", "value", "secretKeyRef", struct("name", "key"), "envRef");

  private static final Struct COMPONENT =
      document(
          struct(
              "type", "version", "ignoreErrors", "initTimeout", "metadata", new ListOf(NAME_VALUE)),
          "auth",
          struct("secretStore"),
          "scopes",
          new ListOf(VALUE));

  private static final Struct BULK_SUBSCRIBE =
      struct("enabled", "maxMessagesCount", "maxAwaitDurationMs");

  private static final Struct SUBSCRIPTION_V1 =
      document(
          struct(
              "topic",
              "pubsubname",
              "metadata",
              new MapOf(VALUE),
              "route",
              "bulkSubscribe",
              BULK_SUBSCRIBE,
              "deadLetterTopic"),
          "scopes",
          new ListOf(VALUE));

  private static final Struct SUBSCRIPTION_V2 =
      document(
          struct(
              "pubsubname",
              "topic",
              "metadata",
              new MapOf(VALUE),
              "routes",
              struct("rules", new ListOf(struct("match", "path")), "default"),
              "deadLetterTopic",
              "bulkSubscribe",
              BULK_SUBSCRIBE),
          "scopes",
          new ListOf(VALUE));

  // Unknown fields inside policies and targets are reported by the resiliency parser itself.
  private static final Struct POLICY_NAMES = quiet("timeout", "retry", "circuitBreaker");

  private static final Struct RESILIENCY =
      document(
          struct(
              "policies",
              struct(
                  "timeouts",
                  new MapOf(VALUE),
                  "retries",
                  new MapOf(
                      quiet(
                          "policy",
                          "duration",
                          "maxInterval",
                          "maxRetries",
                          "matching",
                          struct("httpStatusCodes", "gRPCStatusCodes"))),
                  "circuitBreakers",
                  new MapOf(quiet("maxRequests", "interval", "timeout", "trip"))),
              "targets",
              struct(
                  "apps",
                  new MapOf(quiet("timeout", "retry", "circuitBreaker", "circuitBreakerCacheSize")),
                  "actors",
                  new MapOf(
                      quiet(
                          "timeout",
                          "retry",
                          "circuitBreaker",
                          "circuitBreakerScope",
                          "circuitBreakerCacheSize")),
                  "components",
                  new MapOf(quiet("inbound", POLICY_NAMES, "outbound", POLICY_NAMES)))),
          "scopes",
          new ListOf(VALUE));

  private static final Struct PIPELINE =
      struct(
          "handlers",
          new ListOf(
              struct(
                  "name",
                  "type",
                  "selector",
                  struct("fields", new ListOf(struct("field", "value"))))));

  private static final Struct METRIC =
      struct(
          "enabled",
          "recordErrorCodes",
          "http",
          struct("increasedCardinality", "pathMatching", "excludeVerbs"),
          "rules",
          new ListOf(struct("name", "labels", new ListOf(struct("name", "regex")))),
          "latencyDistributionBuckets",
          "workflow",
          struct("latencyDistributionBuckets", "latencyDistributionUnits"));

  private static final Struct API_RULE = struct("name", "version", "protocol");

  private static final Struct CONCURRENCY_LIMIT = struct("name", "maxConcurrent");

  private static final Struct CONFIGURATION =
      document(
          struct(
              "appHttpPipeline",
              PIPELINE,
              "httpPipeline",
              PIPELINE,
              "tracing",
              struct(
                  "samplingRate",
                  "stdout",
                  "zipkin",
                  struct("endpointAddress"),
                  "otel",
                  struct(
                      "protocol",
                      "endpointAddress",
                      "isSecure",
                      "headers",
                      new ListOf(NAME_VALUE),
                      "timeout")),
              "metric",
              METRIC,
              "metrics",
              METRIC,
              "mtls",
              struct(
                  "enabled",
                  "workloadCertTTL",
                  "allowedClockSkew",
                  "sentryAddress",
                  "controlPlaneTrustDomain",
                  "tokenValidators",
                  new ListOf(struct("name", "options"))),
              "secrets",
              struct(
                  "scopes",
                  new ListOf(
                      struct("storeName", "defaultAccess", "allowedSecrets", "deniedSecrets"))),
              "accessControl",
              struct(
                  "defaultAction",
                  "trustDomain",
                  "policies",
                  new ListOf(
                      struct(
                          "appId",
                          "defaultAction",
                          "trustDomain",
                          "namespace",
                          "operations",
                          new ListOf(struct("name", "action", "httpVerb"))))),
              "nameResolution",
              struct("component", "version", "configuration"),
              "features",
              new ListOf(struct("name", "enabled")),
              "api",
              struct("allowed", new ListOf(API_RULE), "denied", new ListOf(API_RULE)),
              "components",
              struct("deny"),
              "logging",
              struct("apiLogging", struct("enabled", "obfuscateURLs", "omitHealthChecks")),
              "wasm",
              struct("strictSandbox"),
              "workflow",
              struct(
                  "maxConcurrentWorkflowInvocations",
                  "maxConcurrentActivityInvocations",
                  "globalMaxConcurrentWorkflowInvocations",
                  "globalMaxConcurrentActivityInvocations",
                  "workflowConcurrencyLimits",
                  new ListOf(CONCURRENCY_LIMIT),
                  "activityConcurrencyLimits",
                  new ListOf(CONCURRENCY_LIMIT),
                  "stateRetentionPolicy",
                  struct("anyTerminal", "completed", "failed", "terminated"))),
          // Not a field of Dapr's Configuration; Plumb applies scopes to every kind.
          "scopes",
          new ListOf(VALUE));

  /**
   * Returns the schema of a kind.
   *
   * @param kind the document's {@code kind}
   * @param apiVersion its {@code apiVersion} (subscriptions differ between versions)
   * @return the schema, or empty for a kind Plumb does not read
   */
  static Optional<Struct> of(String kind, String apiVersion) {
    switch (kind) {
      case "Component":
        return Optional.of(COMPONENT);
      case "Subscription":
        return Optional.of(
            "dapr.io/v1alpha1".equals(apiVersion) ? SUBSCRIPTION_V1 : SUBSCRIPTION_V2);
      case "Resiliency":
        return Optional.of(RESILIENCY);
      case "Configuration":
        return Optional.of(CONFIGURATION);
      default:
        return Optional.empty();
    }
  }

  /**
   * Finds a field of a mapping as Go's decoder does: the exact name, else the last key equal to it
   * ignoring case.
   *
   * @param object a mapping
   * @param name the field's name
   * @return its value, or {@code null} if absent
   */
  static JsonNode field(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    JsonNode found = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        found = e.getValue();
      }
    }
    return found;
  }

  /**
   * Returns a node rewritten to Dapr's field names, without {@code null} fields.
   *
   * @param node a node of a document
   * @param schema what it should hold
   * @param path its path, empty for the document
   * @param lines the line of each node; new nodes are added with the line of the node they replace
   * @param findings receives unknown and repeated fields
   * @return the normalized node; the same node where nothing changes
   */
  static JsonNode normalize(
      JsonNode node,
      Node schema,
      String path,
      Map<JsonNode, Integer> lines,
      List<Finding> findings) {
    JsonNode out = node;
    if (schema instanceof Struct struct && node.isObject()) {
      out = struct(struct, node, path, lines, findings);
    } else if (schema instanceof MapOf map && node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      node.fields()
          .forEachRemaining(
              e ->
                  copy.set(
                      e.getKey(),
                      normalize(
                          e.getValue(), map.values(), path + "." + e.getKey(), lines, findings)));
      out = copy;
    } else if (schema instanceof ListOf list && node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(normalize(node.get(i), list.items(), path + "[" + i + "]", lines, findings));
      }
      out = copy;
    }
    if (out != node) {
      Integer line = lines.get(node);
      if (line != null) {
        lines.put(out, line);
      }
    }
    return out;
  }

  private static ObjectNode struct(
      Struct struct,
      JsonNode node,
      String path,
      Map<JsonNode, Integer> lines,
      List<Finding> findings) {
    ObjectNode out = NODES.objectNode();
    Map<String, String> written = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      String fieldPath = path.isEmpty() ? key : path + "." + key;
      Field field = struct.fields().get(key.toLowerCase(Locale.ROOT));
      if (field == null) {
        if (struct.reportUnknown()) {
          findings.add(new Finding(fieldPath, value, unknown(struct, path, key)));
        }
        out.set(key, value);
        continue;
      }
      String previous = written.put(field.name(), key);
      if (previous != null) {
        findings.add(
            new Finding(
                fieldPath,
                value,
                "repeats field '"
                    + (path.isEmpty() ? previous : path + "." + previous)
                    + "'; the later one is used"));
      }
      if (value.isNull()) {
        continue;
      }
      String canonicalPath = path.isEmpty() ? field.name() : path + "." + field.name();
      out.set(field.name(), normalize(value, field.node(), canonicalPath, lines, findings));
    }
    return out;
  }

  private static String unknown(Struct struct, String path, String key) {
    Optional<String> like =
        Suggestions.closest(key, struct.fields().values().stream().map(Field::name).toList());
    return "is unknown to Dapr and ignored"
        + like.map(l -> "; did you mean '" + (path.isEmpty() ? l : path + "." + l) + "'?")
            .orElse("");
  }

  /** A document: the fields every kind has, plus the kind's own. */
  private static Struct document(Struct spec, Object... more) {
    List<Object> all = new ArrayList<>(List.of("apiVersion", "kind", "metadata", OBJECT_META));
    all.add("spec");
    all.add(spec);
    all.addAll(Arrays.asList(more));
    return build(true, all.toArray());
  }

  /** A struct whose unknown fields are reported; see {@link #build}. */
  private static Struct struct(Object... spec) {
    return build(true, spec);
  }

  /** A struct whose unknown fields another reader reports; see {@link #build}. */
  private static Struct quiet(Object... spec) {
    return build(false, spec);
  }

  /**
   * Builds a struct from its fields in order: a name, optionally followed by the node it holds (a
   * leaf if none).
   */
  private static Struct build(boolean reportUnknown, Object[] spec) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (int i = 0; i < spec.length; i++) {
      String name = (String) spec[i];
      Node node = VALUE;
      if (i + 1 < spec.length && spec[i + 1] instanceof Node n) {
        node = n;
        i++;
      }
      fields.put(name.toLowerCase(Locale.ROOT), new Field(name, node));
    }
    return new Struct(Collections.unmodifiableMap(fields), reportUnknown);
  }
}
