package dev.plumb.runtime.internal.resiliency;

/**
 * The policies a target names, each {@code null} when not set.
 *
 * @param timeout a {@code spec.policies.timeouts} name
 * @param retry a {@code spec.policies.retries} name
 * @param circuitBreaker a {@code spec.policies.circuitBreakers} name
 */
record PolicyNames(String timeout, String retry, String circuitBreaker) {
  static final PolicyNames NONE = new PolicyNames(null, null, null);

  boolean isEmpty() {
    return timeout == null && retry == null && circuitBreaker == null;
  }
}
