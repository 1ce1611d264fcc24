package dev.plumb.runtime.internal.resources;

/**
 * A warning of a failed build, attached to its {@code ConfigurationException} as a suppressed
 * exception so that it shows in the stack trace even without a logging binding. It has no stack
 * trace of its own.
 */
final class PlumbWarning extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates a warning.
   *
   * @param message the warning
   */
  PlumbWarning(String message) {
    super(message, null, false, false);
  }
}
