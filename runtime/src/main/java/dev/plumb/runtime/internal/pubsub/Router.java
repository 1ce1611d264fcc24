package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.pubsub.TopicRoutes;
import dev.plumb.runtime.internal.cel.CelEngine;
import dev.plumb.runtime.internal.cel.Condition;
import dev.plumb.runtime.internal.cel.EvaluationException;
import dev.plumb.runtime.internal.cel.VariableType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A subscription's routes, compiled once: Dapr's {@code findMatchingRoute}. Rules are tried in
 * order and the first whose CEL expression is true over {@code event} (the CloudEvent as a map,
 * numbers as doubles) wins; an empty expression always matches; the default route comes last.
 * Immutable and thread-safe.
 */
final class Router {
  private static final CelEngine CEL = CelEngine.of(Map.of("event", VariableType.MAP));

  private record Rule(Condition condition, String path) {}

  private final List<Rule> rules;
  private final boolean needsEvent;

  private Router(List<Rule> rules) {
    this.rules = List.copyOf(rules);
    this.needsEvent = rules.stream().anyMatch(r -> r.condition() != null);
  }

  /**
   * Compiles routes.
   *
   * @param routes the rules and default
   * @return the router
   * @throws IllegalArgumentException naming the rule (its index and text) whose expression does not
   *     compile
   */
  static Router compile(TopicRoutes routes) {
    List<Rule> rules = new ArrayList<>();
    int i = 0;
    for (TopicRoutes.Rule r : routes.rules()) {
      Condition c = null;
      if (!r.match().isBlank()) {
        try {
          c = CEL.compile(r.match());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "rule " + i + " (match '" + r.match() + "'): " + e.getMessage(), e);
        }
      }
      rules.add(new Rule(c, r.path()));
      i++;
    }
    if (routes.defaultRoute() != null) {
      rules.add(new Rule(null, routes.defaultRoute()));
    }
    return new Router(rules);
  }

  /**
   * Finds an event's path.
   *
   * @param event builds the {@code event} variable; called at most once, and only if a rule has an
   *     expression
   * @return the path, or {@code null} if nothing matches
   * @throws EvaluationException if an expression fails or is not a boolean
   */
  String route(Supplier<Map<String, Object>> event) throws EvaluationException {
    Map<String, Object> values = null;
    for (Rule r : rules) {
      if (r.condition() == null) {
        return r.path();
      }
      if (values == null) {
        values = Map.of("event", event.get());
      }
      if (r.condition().test(values)) {
        return r.path();
      }
    }
    return null;
  }

  /**
   * Tells whether routing evaluates expressions, and so needs the event as a map.
   *
   * @return {@code true} if a rule has a non-empty expression
   */
  boolean needsEvent() {
    return needsEvent;
  }
}
