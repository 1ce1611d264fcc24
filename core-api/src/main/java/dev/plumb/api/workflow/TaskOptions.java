package dev.plumb.api.workflow;

import java.util.Objects;
import java.util.Optional;

/**
 * Options of an activity call or a child workflow. Immutable.
 *
 * @param retryPolicy the retry policy; {@code null} for none
 */
public record TaskOptions(RetryPolicy retryPolicy) {

  /**
   * Options that retry with a policy.
   *
   * @param policy the policy; not {@code null}
   * @return the options
   */
  public static TaskOptions retry(RetryPolicy policy) {
    return new TaskOptions(Objects.requireNonNull(policy, "policy"));
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy, or empty for none
   */
  public Optional<RetryPolicy> retry() {
    return Optional.ofNullable(retryPolicy);
  }
}
