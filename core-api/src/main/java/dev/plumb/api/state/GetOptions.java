package dev.plumb.api.state;

import java.util.Map;
import java.util.Objects;

/**
 * How to read: consistency and request metadata.
 *
 * @param consistency the consistency model; not {@code null}
 * @param metadata request metadata passed to the store, such as {@code partitionKey}; never {@code
 *     null}
 */
public record GetOptions(Consistency consistency, Map<String, String> metadata) {
  /** Eventual consistency, no metadata. */
  public static final GetOptions DEFAULT = new GetOptions(Consistency.EVENTUAL, Map.of());

  /** Validates and copies the components. */
  public GetOptions {
    Objects.requireNonNull(consistency, "consistency");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
