package dev.plumb.api.workflow;

import java.util.Objects;

/**
 * Why an activity, a child workflow or a workflow failed, as recorded in history (Dapr's {@code
 * failure.error_type}, {@code error_message}, {@code stack_trace}). Failures are data: the
 * exception itself is not kept, so a failure survives a restart.
 *
 * @param errorType the fully qualified class name of the exception
 * @param errorMessage its message; may be {@code null}
 * @param stackTrace its stack trace as text; may be {@code null}
 */
public record FailureDetails(String errorType, String errorMessage, String stackTrace) {

  /**
   * Creates the details.
   *
   * @param errorType not {@code null}
   * @param errorMessage may be {@code null}
   * @param stackTrace may be {@code null}
   */
  public FailureDetails {
    Objects.requireNonNull(errorType, "errorType");
  }

  /**
   * Tells whether the failure was an exception of a class or one of its subclasses, as far as the
   * class can be found here.
   *
   * @param type the class
   * @return true if {@link #errorType()} names {@code type} or a subclass of it
   */
  public boolean isCausedBy(Class<? extends Throwable> type) {
    if (type.getName().equals(errorType)) {
      return true;
    }
    try {
      return type.isAssignableFrom(
          Class.forName(errorType, false, Thread.currentThread().getContextClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return errorType + (errorMessage == null ? "" : ": " + errorMessage);
  }
}
