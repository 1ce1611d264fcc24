package dev.plumb.api.secrets;

import java.util.Map;

/**
 * A secret store component, as the application sees it. Access is filtered by the {@code
 * Configuration} resource's secret scopes.
 *
 * <p>Thread-safe. Every method blocks until the store answers; {@link #async()} offers the same
 * calls returning {@link java.util.concurrent.CompletionStage}s. Failures of the store are thrown
 * as {@link dev.plumb.api.ComponentException}.
 */
public interface SecretStore {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Reads one secret. Name/value stores answer {@code {name: value}}; multi-valued stores answer
   * every key of the secret.
   *
   * @param name the secret's name
   * @return the secret's keys and values; immutable
   * @throws SecretNotFoundException if the store has no such secret
   * @throws SecretAccessDeniedException if the scopes deny it
   * @throws dev.plumb.api.InvalidRequestException if {@code name} is empty
   */
  Map<String, String> get(String name);

  /**
   * Reads one secret with request metadata (such as {@code version_id}).
   *
   * @param name the secret's name
   * @param metadata request metadata
   * @return the secret's keys and values; immutable
   * @throws SecretNotFoundException if the store has no such secret
   * @throws SecretAccessDeniedException if the scopes deny it
   */
  Map<String, String> get(String name, Map<String, String> metadata);

  /**
   * Reads every secret the scopes allow.
   *
   * @return secret name to its keys and values; immutable
   */
  Map<String, Map<String, String>> getBulk();

  /**
   * Returns the asynchronous view of this store.
   *
   * @return a view sharing this store's component and scopes
   */
  AsyncSecretStore async();
}
