package dev.plumb.api;

import java.util.List;

/**
 * Resources or component metadata are invalid: malformed YAML, an unknown kind, a missing field, a
 * value of the wrong type, an unresolvable secret reference, a provider that failed to start.
 * Thrown while building a {@code Plumb}, never later. The message names the file, line, component
 * and field; {@link #problems()} lists every problem found at once.
 */
public final class ConfigurationException extends PlumbException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /**
   * Creates an exception for one problem.
   *
   * @param message the problem, naming file, line, component and field
   */
  public ConfigurationException(String message) {
    this(message, null);
  }

  /**
   * Creates an exception for one problem with its cause.
   *
   * @param message the problem, naming file, line, component and field
   * @param cause the underlying failure, or {@code null}
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(message);
  }

  /**
   * Creates an exception reporting several problems of one source at once.
   *
   * @param problems one message per problem; not empty
   */
  public ConfigurationException(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns every problem found, one message each.
   *
   * @return an immutable, non-empty list
   */
  public List<String> problems() {
    return problems;
  }
}
