package dev.plumb.api;

import java.util.Objects;

/**
 * A component's backing service failed a call: a connection refused, a timeout, a server error.
 * Carries the component's name and type and wraps the provider's own exception as the cause. The
 * call may or may not have taken effect on the server; it never silently did half of a transaction.
 */
public class ComponentException extends PlumbException {
  private static final long serialVersionUID = 1L;

  private final String componentName;
  private final String componentType;

  /**
   * Creates the exception.
   *
   * @param componentName the component's {@code metadata.name}
   * @param componentType the component's {@code spec.type}, such as {@code state.redis}
   * @param message what failed
   * @param cause the provider's exception, or {@code null}
   */
  public ComponentException(
      String componentName, String componentType, String message, Throwable cause) {
    super("component '" + componentName + "' (" + componentType + "): " + message, cause);
    this.componentName = Objects.requireNonNull(componentName, "componentName");
    this.componentType = Objects.requireNonNull(componentType, "componentType");
  }

  /**
   * Returns the component's name.
   *
   * @return the {@code metadata.name} of the failing component
   */
  public String componentName() {
    return componentName;
  }

  /**
   * Returns the component's type.
   *
   * @return the {@code spec.type} of the failing component
   */
  public String componentType() {
    return componentType;
  }
}
