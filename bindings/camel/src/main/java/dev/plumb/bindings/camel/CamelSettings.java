package dev.plumb.bindings.camel;

import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.ExchangePattern;

/**
 * The component metadata of {@code bindings.camel}:
 *
 * <ul>
 *   <li>{@code uri} (alias {@code outputUri}): the endpoint output operations use;
 *   <li>{@code operations}: the operations the binding lists, comma-separated; {@code create} by
 *       default when there is a {@code uri}, none otherwise;
 *   <li>{@code exchangePattern}: {@code InOut} (the default: the answer is the reply) or {@code
 *       InOnly} (fire and forget);
 *   <li>{@code operation.<op>.uri} and {@code operation.<op>.exchangePattern}: one operation's own
 *       endpoint and pattern; the pattern may also be {@code Poll}, which receives one message from
 *       a consumer endpoint (a file by name, a queue's head), waiting at most {@code pollTimeout}
 *       (1s by default);
 *   <li>{@code inputUri}: the endpoint the input binding consumes from;
 *   <li>{@code camel.*}: Camel properties, usable as {@code {{camel....}}} placeholders in every
 *       URI (give a secret one with {@code secretKeyRef}); {@code
 *       camel.component.<scheme>.<option>} also sets that component's option, as Camel Main does.
 * </ul>
 *
 * <p>URIs may use Camel's simple language on the request's headers ({@code
 * file:out?fileName=${header.fileName}}).
 */
final class CamelSettings {
  /** How an operation reaches its endpoint. */
  enum Mode {
    IN_ONLY,
    IN_OUT,
    POLL
  }

  /** One operation's endpoint and mode. */
  record Operation(String uri, Mode mode) {}

  static final String COMPONENT_PREFIX = "camel.component.";

  final Map<String, Operation> operations = new LinkedHashMap<>();
  final String inputUri;
  final Duration pollTimeout;
  final Map<String, String> properties = new LinkedHashMap<>();

  private CamelSettings(ComponentMetadata md) {
    String uri = md.getString("uri").or(() -> md.getString("outputUri")).orElse(null);
    this.inputUri = md.getString("inputUri").orElse(null);
    this.pollTimeout = md.getDuration("pollTimeout", Duration.ofSeconds(1));
    Mode defaultMode = mode(md, "exchangePattern", Mode.IN_OUT, false);
    String listed = md.getString("operations").orElse(uri == null ? "" : "create");
    for (String op : listed.split(",")) {
      String name = op.trim();
      if (name.isEmpty()) {
        continue;
      }
      String prefix = "operation." + name + ".";
      String opUri = md.getString(prefix + "uri").orElse(uri);
      if (opUri == null) {
        md.addProblem(
            "operation '" + name + "' has no endpoint: set metadata 'uri' or '" + prefix + "uri'");
        continue;
      }
      operations.put(
          name, new Operation(opUri, mode(md, prefix + "exchangePattern", defaultMode, true)));
    }
    if (uri == null && inputUri == null && operations.isEmpty()) {
      md.addProblem("metadata 'uri' or 'inputUri' is required: the Camel endpoint to use");
    }
    for (String name : md.names()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("camel.")) {
        md.getString(name).ifPresent(v -> properties.put(name, v));
      }
    }
  }

  static CamelSettings read(ComponentMetadata md) {
    return new CamelSettings(md);
  }

  private static Mode mode(ComponentMetadata md, String field, Mode fallback, boolean poll) {
    String v = md.getString(field).orElse(null);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase(ExchangePattern.InOnly.name())) {
      return Mode.IN_ONLY;
    }
    if (v.equalsIgnoreCase(ExchangePattern.InOut.name())) {
      return Mode.IN_OUT;
    }
    if (poll && v.equalsIgnoreCase("Poll")) {
      return Mode.POLL;
    }
    md.addProblem(
        "metadata '"
            + field
            + "' must be InOnly or InOut"
            + (poll ? " or Poll" : "")
            + ", got '"
            + v
            + "'");
    return fallback;
  }
}
