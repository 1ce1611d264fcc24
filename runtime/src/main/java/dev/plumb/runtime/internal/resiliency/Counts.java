package dev.plumb.runtime.internal.resiliency;

/**
 * The counters a circuit breaker keeps for the current generation, named as Dapr names them in trip
 * expressions. Mutated only under the breaker's lock.
 */
final class Counts {
  long requests;
  long totalSuccesses;
  long totalFailures;
  long consecutiveSuccesses;
  long consecutiveFailures;

  void onRequest() {
    requests++;
  }

  void onIgnored() {
    requests--;
  }

  void onSuccess() {
    totalSuccesses++;
    consecutiveSuccesses++;
    consecutiveFailures = 0;
  }

  void onFailure() {
    totalFailures++;
    consecutiveFailures++;
    consecutiveSuccesses = 0;
  }

  void clear() {
    requests = 0;
    totalSuccesses = 0;
    totalFailures = 0;
    consecutiveSuccesses = 0;
    consecutiveFailures = 0;
  }

  @Override
  public String toString() {
    return "requests="
        + requests
        + ", totalSuccesses="
        + totalSuccesses
        + ", totalFailures="
        + totalFailures
        + ", consecutiveSuccesses="
        + consecutiveSuccesses
        + ", consecutiveFailures="
        + consecutiveFailures;
  }
}
