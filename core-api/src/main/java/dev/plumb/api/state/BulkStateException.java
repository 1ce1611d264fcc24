package dev.plumb.api.state;

import dev.plumb.api.PlumbException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Some items of a bulk save or bulk delete failed. Bulk calls are not atomic: every item not listed
 * in {@link #failures()} was applied. Each failure is the exception that item would have thrown on
 * its own, such as an {@link ETagMismatchException}; the first is also this exception's cause.
 */
public final class BulkStateException extends PlumbException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, RuntimeException> failures;

  /**
   * Creates the exception.
   *
   * @param failures the failed keys with their exceptions, in request order; not empty
   */
  public BulkStateException(Map<String, ? extends RuntimeException> failures) {
    super(
        failures.size() + " bulk state operation(s) failed, for keys " + failures.keySet(),
        failures.values().iterator().next());
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  /**
   * Returns the failed keys with their exceptions.
   *
   * @return an unmodifiable map in request order
   */
  public Map<String, RuntimeException> failures() {
    return failures;
  }
}
