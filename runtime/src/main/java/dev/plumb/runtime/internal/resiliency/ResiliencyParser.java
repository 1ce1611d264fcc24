package dev.plumb.runtime.internal.resiliency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.DaprValues;
import dev.plumb.runtime.internal.resiliency.RetryPolicy.CodeRange;
import dev.plumb.runtime.internal.resiliency.Targets.ActorScope;
import dev.plumb.runtime.internal.resiliency.Targets.ActorTarget;
import dev.plumb.runtime.internal.resiliency.Targets.AppTarget;
import dev.plumb.runtime.internal.resiliency.Targets.ComponentTarget;
import dev.plumb.runtime.internal.resources.ResourceDocument;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code kind: Resiliency} documents as Dapr does: every document's policies go into one
 * namespace (a later document's policy replaces an earlier one of the same name, as in Dapr), then
 * targets are read and their references checked against that namespace. Collects every problem and
 * throws them together. Not thread-safe; used once per load.
 */
final class ResiliencyParser {
  private static final Logger LOG = LoggerFactory.getLogger(ResiliencyParser.class);

  private static final Set<String> RETRY_FIELDS =
      Set.of("policy", "duration", "maxInterval", "maxRetries", "matching");
  private static final Set<String> BREAKER_FIELDS =
      Set.of("maxRequests", "interval", "timeout", "trip");
  private static final Set<String> TARGET_FIELDS = Set.of("timeout", "retry", "circuitBreaker");
  private static final Set<String> APP_FIELDS =
      Set.of("timeout", "retry", "circuitBreaker", "circuitBreakerCacheSize");
  private static final Set<String> ACTOR_FIELDS =
      Set.of(
          "timeout", "retry", "circuitBreaker", "circuitBreakerScope", "circuitBreakerCacheSize");
  private static final CodeRange HTTP_CODES = new CodeRange(100, 599);
  private static final CodeRange GRPC_CODES = new CodeRange(0, 16);

  final Map<String, Duration> timeouts = new LinkedHashMap<>();
  final Map<String, RetryPolicy> retries = new LinkedHashMap<>();
  final Map<String, CircuitBreakerPolicy> circuitBreakers = new LinkedHashMap<>();
  final Map<String, ComponentTarget> components = new LinkedHashMap<>();
  final Map<String, AppTarget> apps = new LinkedHashMap<>();
  final Map<String, ActorTarget> actors = new LinkedHashMap<>();

  private final List<String> problems = new ArrayList<>();
  private ResourceDocument doc;

  /**
   * Parses the documents that apply to an app.
   *
   * @param docs resources; those of another kind or scoped to other apps are skipped
   * @param appId the app's id
   * @throws ConfigurationException listing every problem found, each with file and line
   */
  void parse(List<ResourceDocument> docs, String appId) {
    List<ResourceDocument> applicable = new ArrayList<>();
    for (ResourceDocument d : docs) {
      if ("Resiliency".equals(d.kind()) && (d.scopes().isEmpty() || d.scopes().contains(appId))) {
        applicable.add(d);
      }
    }
    for (ResourceDocument d : applicable) {
      doc = d;
      policies(d.spec().path("policies"));
    }
    for (ResourceDocument d : applicable) {
      doc = d;
      targets(d.spec().path("targets"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  private void policies(JsonNode policies) {
    if (!object(policies, "spec.policies")) {
      return;
    }
    JsonNode timeoutsNode = policies.path("timeouts");
    if (object(timeoutsNode, "spec.policies.timeouts")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = timeoutsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Duration d = duration(e.getValue(), "spec.policies.timeouts." + e.getKey());
        if (d != null) {
          replaced(timeouts.put(e.getKey(), d), "timeout", e.getKey());
        }
      }
    }
    JsonNode retriesNode = policies.path("retries");
    if (object(retriesNode, "spec.policies.retries")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = retriesNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        RetryPolicy p = retry(e.getKey(), e.getValue(), "spec.policies.retries." + e.getKey());
        if (p != null) {
          replaced(retries.put(e.getKey(), p), "retry", e.getKey());
        }
      }
    }
    JsonNode breakersNode = policies.path("circuitBreakers");
    if (object(breakersNode, "spec.policies.circuitBreakers")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = breakersNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        CircuitBreakerPolicy p =
            breaker(e.getKey(), e.getValue(), "spec.policies.circuitBreakers." + e.getKey());
        if (p != null) {
          replaced(circuitBreakers.put(e.getKey(), p), "circuit breaker", e.getKey());
        }
      }
    }
  }

  private void replaced(Object previous, String kind, String name) {
    if (previous != null) {
      LOG.warn("{}: {} policy '{}' is defined again; the later one wins", prefix(null), kind, name);
    }
  }

  private RetryPolicy retry(String name, JsonNode node, String path) {
    if (!object(node, path) || node.isMissingNode()) {
      return null;
    }
    int before = problems.size();
    warnUnknown(node, path, RETRY_FIELDS);
    boolean exponential = false;
    JsonNode policy = node.path("policy");
    if (!absent(policy)) {
      String p = policy.asText().toLowerCase(Locale.ROOT);
      if (p.equals("exponential")) {
        exponential = true;
      } else if (!p.equals("constant")) {
        problem(
            policy,
            path + ".policy: expected constant or exponential, got '" + policy.asText() + "'");
      }
    }
    Duration duration =
        orDefault(
            duration(node.path("duration"), path + ".duration"), RetryPolicy.DEFAULT_DURATION);
    Duration maxInterval =
        orDefault(
            duration(node.path("maxInterval"), path + ".maxInterval"),
            RetryPolicy.DEFAULT_MAX_INTERVAL);
    long maxRetries =
        integer(node.path("maxRetries"), path + ".maxRetries", -1, -1, Integer.MAX_VALUE);
    List<CodeRange> http = List.of();
    List<CodeRange> grpc = List.of();
    JsonNode matching = node.path("matching");
    if (object(matching, path + ".matching") && !matching.isMissingNode()) {
      http =
          codes(matching.path("httpStatusCodes"), path + ".matching.httpStatusCodes", HTTP_CODES);
      grpc =
          codes(matching.path("gRPCStatusCodes"), path + ".matching.gRPCStatusCodes", GRPC_CODES);
    }
    if (problems.size() > before) {
      return null;
    }
    return new RetryPolicy(name, exponential, duration, maxInterval, (int) maxRetries, http, grpc);
  }

  private List<CodeRange> codes(JsonNode node, String path, CodeRange valid) {
    if (absent(node)) {
      return List.of();
    }
    List<CodeRange> ranges = new ArrayList<>();
    for (String part : node.asText().split(",", -1)) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      String[] bounds = p.split("-", -1);
      try {
        if (bounds.length > 2) {
          throw new IllegalArgumentException("more than one '-'");
        }
        int start = Integer.parseInt(bounds[0].trim());
        int end = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : start;
        if (!valid.matches(start) || !valid.matches(end)) {
          throw new IllegalArgumentException(
              "codes must lie in " + valid.start() + "-" + valid.end());
        }
        if (end < start) {
          throw new IllegalArgumentException("start is above end");
        }
        ranges.add(new CodeRange(start, end));
      } catch (IllegalArgumentException e) {
        String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
        problem(node, path + ": invalid code pattern '" + p + "': " + why);
      }
    }
    return ranges;
  }

  private CircuitBreakerPolicy breaker(String name, JsonNode node, String path) {
    if (!object(node, path) || node.isMissingNode()) {
      return null;
    }
    int before = problems.size();
    warnUnknown(node, path, BREAKER_FIELDS);
    long maxRequests = integer(node.path("maxRequests"), path + ".maxRequests", 0, 0, 4294967295L);
    Duration interval =
        orDefault(duration(node.path("interval"), path + ".interval"), Duration.ZERO);
    Duration timeout = duration(node.path("timeout"), path + ".timeout");
    TripExpression trip = null;
    JsonNode tripNode = node.path("trip");
    try {
      trip = TripExpression.parse(absent(tripNode) ? TripExpression.DEFAULT : tripNode.asText());
    } catch (IllegalArgumentException e) {
      problem(
          tripNode,
          path
              + ".trip: invalid expression '"
              + excerpt(tripNode.asText())
              + "': "
              + e.getMessage());
    }
    if (problems.size() > before) {
      return null;
    }
    return new CircuitBreakerPolicy(
        name,
        maxRequests == 0 ? 1 : maxRequests,
        interval,
        timeout == null || timeout.isZero() ? CircuitBreakerPolicy.DEFAULT_TIMEOUT : timeout,
        trip);
  }

  private void targets(JsonNode targets) {
    if (!object(targets, "spec.targets")) {
      return;
    }
    JsonNode componentsNode = targets.path("components");
    if (object(componentsNode, "spec.targets.components")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = componentsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "spec.targets.components." + e.getKey();
        JsonNode t = e.getValue();
        if (object(t, path)) {
          warnUnknown(t, path, Set.of("outbound", "inbound"));
          components.put(
              e.getKey(),
              new ComponentTarget(
                  names(t.path("outbound"), path + ".outbound", TARGET_FIELDS),
                  names(t.path("inbound"), path + ".inbound", TARGET_FIELDS)));
        }
      }
    }
    JsonNode appsNode = targets.path("apps");
    if (object(appsNode, "spec.targets.apps")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = appsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "spec.targets.apps." + e.getKey();
        JsonNode t = e.getValue();
        if (object(t, path)) {
          PolicyNames names = names(t, path, APP_FIELDS);
          long size =
              integer(
                  t.path("circuitBreakerCacheSize"),
                  path + ".circuitBreakerCacheSize",
                  Targets.DEFAULT_APP_CACHE_SIZE,
                  0,
                  Integer.MAX_VALUE);
          apps.put(
              e.getKey(),
              new AppTarget(names, size == 0 ? Targets.DEFAULT_APP_CACHE_SIZE : (int) size));
        }
      }
    }
    JsonNode actorsNode = targets.path("actors");
    if (object(actorsNode, "spec.targets.actors")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = actorsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String path = "spec.targets.actors." + e.getKey();
        JsonNode t = e.getValue();
        if (object(t, path)) {
          actors.put(e.getKey(), actor(t, path));
        }
      }
    }
  }

  private ActorTarget actor(JsonNode t, String path) {
    PolicyNames names = names(t, path, ACTOR_FIELDS);
    JsonNode scopeNode = t.path("circuitBreakerScope");
    ActorScope scope = null;
    if (!absent(scopeNode)) {
      switch (scopeNode.asText()) {
        case "type":
          scope = ActorScope.TYPE;
          break;
        case "id":
          scope = ActorScope.ID;
          break;
        case "both":
          scope = ActorScope.BOTH;
          break;
        default:
          problem(
              scopeNode,
              path
                  + ".circuitBreakerScope: expected type, id or both, got '"
                  + scopeNode.asText()
                  + "'");
      }
    } else if (!absent(t.path("circuitBreaker")) && !t.path("circuitBreaker").asText().isEmpty()) {
      problem(t, path + ": an actor circuit breaker needs circuitBreakerScope (type, id or both)");
    }
    long size =
        integer(
            t.path("circuitBreakerCacheSize"),
            path + ".circuitBreakerCacheSize",
            Targets.DEFAULT_ACTOR_CACHE_SIZE,
            0,
            Integer.MAX_VALUE);
    return new ActorTarget(names, scope, size == 0 ? Targets.DEFAULT_ACTOR_CACHE_SIZE : (int) size);
  }

  private PolicyNames names(JsonNode node, String path, Set<String> known) {
    if (!object(node, path) || node.isMissingNode()) {
      return PolicyNames.NONE;
    }
    warnUnknown(node, path, known);
    return new PolicyNames(
        reference(node.path("timeout"), path + ".timeout", "timeout", timeouts),
        reference(node.path("retry"), path + ".retry", "retry", retries),
        reference(
            node.path("circuitBreaker"),
            path + ".circuitBreaker",
            "circuit breaker",
            circuitBreakers));
  }

  private String reference(JsonNode node, String path, String kind, Map<String, ?> defined) {
    if (absent(node)) {
      return null;
    }
    if (!node.isValueNode()) {
      problem(node, path + ": expected the name of a " + kind + " policy");
      return null;
    }
    String name = node.asText();
    if (name.isEmpty()) {
      return null;
    }
    if (!defined.containsKey(name)) {
      problem(
          node,
          path
              + ": no "
              + kind
              + " policy named '"
              + name
              + "'"
              + (defined.isEmpty()
                  ? ""
                  : " (defined: " + String.join(", ", defined.keySet()) + ")"));
      return null;
    }
    return name;
  }

  /** Reads a duration as Dapr does: a bare integer is milliseconds, else Go (or ISO) syntax. */
  private Duration duration(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isValueNode() || node.isBoolean()) {
      problem(node, path + ": expected a duration such as 5s or 1m30s");
      return null;
    }
    String text = node.asText().trim();
    try {
      Duration d = DaprValues.parseDuration(text, ChronoUnit.MILLIS);
      if (d.isNegative()) {
        problem(node, path + ": must not be negative, got '" + text + "'");
        return null;
      }
      return d;
    } catch (IllegalArgumentException | ArithmeticException e) {
      problem(node, path + ": expected a duration such as 5s or 1m30s, got '" + text + "'");
      return null;
    }
  }

  private long integer(JsonNode node, String path, long dflt, long min, long max) {
    if (absent(node)) {
      return dflt;
    }
    String text = node.asText().trim();
    try {
      if (!node.isValueNode() || node.isBoolean() || node.isFloatingPointNumber()) {
        throw new NumberFormatException();
      }
      long v = Long.parseLong(text);
      if (v < min || v > max) {
        problem(node, path + ": must lie in " + min + ".." + max + ", got " + v);
        return dflt;
      }
      return v;
    } catch (NumberFormatException e) {
      problem(node, path + ": expected an integer, got '" + text + "'");
      return dflt;
    }
  }

  private static Duration orDefault(Duration d, Duration dflt) {
    return d == null ? dflt : d;
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  /** Checks that a node is an object (or absent); reports it otherwise. */
  private boolean object(JsonNode node, String path) {
    if (absent(node) || node.isObject()) {
      return !node.isNull();
    }
    problem(node, path + ": expected a mapping");
    return false;
  }

  private void warnUnknown(JsonNode node, String path, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        LOG.warn(
            "{}: {}.{}: unknown field, ignored (known: {})",
            prefix(node.get(f)),
            path,
            f,
            String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private void problem(JsonNode node, String message) {
    problems.add(prefix(node) + ": " + message);
  }

  private String prefix(JsonNode node) {
    return "resiliency '" + doc.name() + "' (" + doc.where(node) + ")";
  }

  /** Quotes a long value by its start only, so a hostile one does not flood the message. */
  private static String excerpt(String value) {
    return value.length() <= 80
        ? value
        : value.substring(0, 60) + "... (" + value.length() + " characters)";
  }
}
