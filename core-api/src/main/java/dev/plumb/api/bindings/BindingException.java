package dev.plumb.api.bindings;

import dev.plumb.api.ComponentException;
import java.util.Objects;

/**
 * An output binding's external system answered, with an error: an HTTP status outside 2xx (for
 * {@code bindings.http} with {@code errorIfNot2XX}), a reply that reports a failure. Carries the
 * answer, so that the caller can read its status and headers, as Dapr returns the response metadata
 * together with the error.
 */
public final class BindingException extends ComponentException {
  private static final long serialVersionUID = 1L;

  private final transient BindingResponse response;

  /**
   * Creates the exception.
   *
   * @param componentName the binding's {@code metadata.name}
   * @param componentType the binding's {@code spec.type}, such as {@code bindings.http}
   * @param message what failed, naming the operation; never the payload
   * @param response the external system's answer; not {@code null}
   */
  public BindingException(
      String componentName, String componentType, String message, BindingResponse response) {
    super(componentName, componentType, message, null);
    this.response = Objects.requireNonNull(response, "response");
  }

  /**
   * Returns the external system's answer.
   *
   * @return its data and metadata (for {@code bindings.http}: {@code statusCode}, {@code status}
   *     and the response headers); {@code null} only after Java deserialization
   */
  public BindingResponse response() {
    return response;
  }
}
