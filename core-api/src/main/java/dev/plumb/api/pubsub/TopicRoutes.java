package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a subscription's events go: ordered rules, each a CEL expression over the CloudEvent (the
 * variable {@code event}, as in Dapr's {@code routes.rules[].match}) and the path of the handler
 * that receives matching events, then an optional default path. The first rule that matches wins;
 * an empty expression always matches; an event that matches nothing goes, like in Dapr, nowhere: it
 * is acknowledged, and published to the dead-letter topic if the subscription has one.
 *
 * <p>Paths name handlers bound with {@link PubSub#bind} or {@link PubSub#bindBulk}, as the routes
 * of a YAML {@code Subscription} name the app's endpoints. Immutable; build with {@link #builder()}
 * or {@link #to(String)}.
 *
 * <pre>{@code
 * TopicRoutes routes = TopicRoutes.builder()
 *     .rule("event.type == 'order.cancelled'", "/cancellations")
 *     .rule("event.data.total > 1000.0", "/large-orders")
 *     .defaultRoute("/orders")
 *     .build();
 * }</pre>
 */
public final class TopicRoutes {
  private final List<Rule> rules;
  private final String defaultRoute;

  private TopicRoutes(List<Rule> rules, String defaultRoute) {
    this.rules = List.copyOf(rules);
    this.defaultRoute = defaultRoute;
  }

  /**
   * Routes every event to one path.
   *
   * @param path the handler's path; not empty
   * @return the routes
   * @throws InvalidRequestException if {@code path} is empty
   */
  public static TopicRoutes to(String path) {
    return builder().defaultRoute(path).build();
  }

  /**
   * Returns a builder without rules or default.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the rules, in evaluation order.
   *
   * @return an immutable list
   */
  public List<Rule> rules() {
    return rules;
  }

  /**
   * Returns the path of events no rule matches.
   *
   * @return the path, or {@code null} for none
   */
  public String defaultRoute() {
    return defaultRoute;
  }

  /**
   * Returns every path the routes name, rules first, without repeats.
   *
   * @return an immutable list
   */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    for (Rule r : rules) {
      if (!paths.contains(r.path())) {
        paths.add(r.path());
      }
    }
    if (defaultRoute != null && !paths.contains(defaultRoute)) {
      paths.add(defaultRoute);
    }
    return List.copyOf(paths);
  }

  @Override
  public String toString() {
    return "TopicRoutes[rules=" + rules + ", default=" + defaultRoute + "]";
  }

  /**
   * One routing rule.
   *
   * @param match a CEL expression over {@code event}; empty always matches
   * @param path the handler's path; not empty
   */
  public record Rule(String match, String path) {
    /**
     * Validates the components.
     *
     * @throws InvalidRequestException if {@code path} is empty
     */
    public Rule {
      match = match == null ? "" : match;
      requirePath(path);
    }
  }

  private static String requirePath(String path) {
    if (path == null || path.isEmpty()) {
      throw new InvalidRequestException("a route's path must not be empty");
    }
    return path;
  }

  /** Builds {@link TopicRoutes}. Not thread-safe. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private String defaultRoute;

    private Builder() {}

    /**
     * Appends a rule: events for which {@code match} is true go to {@code path}, unless an earlier
     * rule matched.
     *
     * @param match a CEL expression over {@code event}; empty or {@code null} always matches
     * @param path the handler's path
     * @return this builder
     * @throws InvalidRequestException if {@code path} is empty
     */
    public Builder rule(String match, String path) {
      rules.add(new Rule(match, path));
      return this;
    }

    /**
     * Sets where events go that no rule matches.
     *
     * @param path the handler's path, or {@code null} for none
     * @return this builder
     * @throws InvalidRequestException if {@code path} is empty
     */
    public Builder defaultRoute(String path) {
      this.defaultRoute = path == null ? null : requirePath(path);
      return this;
    }

    /**
     * Builds the routes.
     *
     * @return immutable routes
     * @throws InvalidRequestException if there is neither a rule nor a default
     */
    public TopicRoutes build() {
      if (rules.isEmpty() && defaultRoute == null) {
        throw new InvalidRequestException("routes need a rule or a default route");
      }
      return new TopicRoutes(rules, defaultRoute);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicRoutes r
        && rules.equals(r.rules)
        && Objects.equals(defaultRoute, r.defaultRoute);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rules, defaultRoute);
  }
}
