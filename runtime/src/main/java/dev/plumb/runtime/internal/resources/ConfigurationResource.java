package dev.plumb.runtime.internal.resources;

import dev.plumb.runtime.internal.secrets.SecretScope;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A {@code Configuration} resource. Plumb reads its secret scopes and tracing sampling rate; the
 * rest stays in {@link #document()} for the features that need it.
 *
 * @param name {@code metadata.name}
 * @param secretScopes {@code spec.secrets.scopes}
 * @param samplingRate {@code spec.tracing.samplingRate}, between 0 and 1, if set
 * @param document the document it came from
 */
public record ConfigurationResource(
    String name,
    List<SecretScope> secretScopes,
    OptionalDouble samplingRate,
    ResourceDocument document) {

  /** Copies the scopes. */
  public ConfigurationResource {
    secretScopes = List.copyOf(secretScopes);
  }
}
