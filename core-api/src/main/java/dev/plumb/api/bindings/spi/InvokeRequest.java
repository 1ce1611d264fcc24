package dev.plumb.api.bindings.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  /**
   * Returns a request metadata value. Keys are matched exactly, as Dapr's components read them.
   *
   * @param key the key, such as {@code fileName}
   * @return the value, or empty if absent or empty
   */
  public Optional<String> metadata(String key) {
    String v = metadata.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /**
   * Returns a request metadata value the operation cannot do without.
   *
   * @param key the key, such as {@code sql}
   * @return the value; never empty
   * @throws InvalidRequestException naming the operation and the key if it is absent or empty
   */
  public String requireMetadata(String key) {
    return metadata(key)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "operation '" + operation + "': request metadata '" + key + "' is required"));
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
