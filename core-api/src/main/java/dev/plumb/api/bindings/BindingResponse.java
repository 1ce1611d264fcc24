package dev.plumb.api.bindings;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What an output binding answered.
 *
 * @param data the answer's bytes, or {@code null} if the operation answers nothing (such as a
 *     {@code get} after a {@code delete}); shared, not copied
 * @param metadata the component's response metadata (for {@code bindings.http}: {@code statusCode}
 *     and headers); never {@code null}
 * @param contentType the data's media type, or {@code null} if unknown
 */
public record BindingResponse(byte[] data, Map<String, String> metadata, String contentType) {

  /** An answer without data or metadata. */
  public static final BindingResponse EMPTY = new BindingResponse(null, Map.of(), null);

  /** Copies the components. */
  public BindingResponse {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Returns the data as UTF-8 text.
   *
   * @return the text, or {@code null} if there is no data
   */
  public String dataAsString() {
    return data == null ? null : new String(data, StandardCharsets.UTF_8);
  }

  /**
   * Compares all components, the data by content.
   *
   * @param o the other object
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof BindingResponse r
        && Arrays.equals(data, r.data)
        && metadata.equals(r.metadata)
        && Objects.equals(contentType, r.contentType);
  }

  /**
   * Hashes all components, the data by content.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return 31 * Objects.hash(metadata, contentType) + Arrays.hashCode(data);
  }

  /**
   * Describes the answer without its data.
   *
   * @return the size, metadata names and content type
   */
  @Override
  public String toString() {
    return "BindingResponse[bytes="
        + (data == null ? "none" : String.valueOf(data.length))
        + ", contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + "]";
  }
}
