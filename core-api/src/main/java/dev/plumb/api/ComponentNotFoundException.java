package dev.plumb.api;

/**
 * No component of the requested name and building block was loaded (or its scopes exclude this
 * app).
 */
public final class ComponentNotFoundException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the component and the building block that was asked for
   */
  public ComponentNotFoundException(String message) {
    super(message);
  }
}
