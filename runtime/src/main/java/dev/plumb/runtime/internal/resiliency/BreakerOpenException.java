package dev.plumb.runtime.internal.resiliency;

import dev.plumb.api.ComponentException;

/**
 * A call refused by an open (or saturated half-open) circuit breaker. A {@link ComponentException}
 * for the user; its own type only so that retries recognise it as permanent.
 */
final class BreakerOpenException extends ComponentException {
  private static final long serialVersionUID = 1L;

  BreakerOpenException(String componentName, String componentType, String message) {
    super(componentName, componentType, message, null);
  }
}
