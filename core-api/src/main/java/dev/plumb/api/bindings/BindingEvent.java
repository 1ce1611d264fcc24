package dev.plumb.api.bindings;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One event an input binding read: a message from a queue, a cron tick, a change notification.
 *
 * @param data the event's bytes; never {@code null}; shared, not copied
 * @param metadata the component's event metadata (for {@code bindings.cron}: {@code timeZone},
 *     {@code readTimeUTC}); never {@code null}
 * @param contentType the data's media type, or {@code null} if unknown
 */
public record BindingEvent(byte[] data, Map<String, String> metadata, String contentType) {

  /** Validates and copies the components. */
  public BindingEvent {
    Objects.requireNonNull(data, "data");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Returns the data as UTF-8 text.
   *
   * @return the text
   */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "BindingEvent[bytes="
        + data.length
        + ", contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + "]";
  }
}
