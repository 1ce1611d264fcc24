package dev.plumb.api.bindings.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;

/**
 * A component-level output binding invocation.
 *
 * @param operation the operation, such as {@code create}; not empty
 * @param data the bytes; never {@code null}, empty for none; shared, not copied
 * @param metadata request metadata; never {@code null}
 */
public record InvokeRequest(String operation, byte[] data, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code operation} is empty
   */
  public InvokeRequest {
    Objects.requireNonNull(operation, "operation");
    if (operation.isEmpty()) {
      throw new InvalidRequestException("binding operation must not be empty");
    }
    data = data == null ? new byte[0] : data;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  @Override
  public String toString() {
    return "InvokeRequest[operation="
        + operation
        + ", bytes="
        + data.length
        + ", metadata="
        + metadata.keySet()
        + "]";
  }
}
