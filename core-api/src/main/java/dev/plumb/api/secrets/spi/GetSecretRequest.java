package dev.plumb.api.secrets.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;

/**
 * A component-level read of one secret: Dapr's {@code GetSecretRequest}.
 *
 * @param name the secret's name; not empty
 * @param metadata request metadata, such as {@code version_id}; never {@code null}
 */
public record GetSecretRequest(String name, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code name} is empty
   */
  public GetSecretRequest {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new InvalidRequestException("secret name must not be empty");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A read without metadata.
   *
   * @param name the secret's name
   * @return the request
   */
  public static GetSecretRequest of(String name) {
    return new GetSecretRequest(name, Map.of());
  }

  /**
   * Describes the request with the metadata's names only.
   *
   * @return the secret's name and the metadata's names
   */
  @Override
  public String toString() {
    return "GetSecretRequest[name=" + name + ", metadata=" + metadata.keySet() + "]";
  }
}
