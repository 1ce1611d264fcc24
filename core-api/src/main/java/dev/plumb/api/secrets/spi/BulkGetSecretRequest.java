package dev.plumb.api.secrets.spi;

import java.util.Map;

/**
 * A component-level read of every secret: Dapr's {@code BulkGetSecretRequest}.
 *
 * @param metadata request metadata; never {@code null}
 */
public record BulkGetSecretRequest(Map<String, String> metadata) {

  /** Copies the metadata. */
  public BulkGetSecretRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Describes the request with the metadata's names only.
   *
   * @return the metadata's names
   */
  @Override
  public String toString() {
    return "BulkGetSecretRequest[metadata=" + metadata.keySet() + "]";
  }
}
