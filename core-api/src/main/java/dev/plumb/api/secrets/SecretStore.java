package dev.plumb.api.secrets;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A secret store component, as the application sees it. Access is filtered by the {@code
 * Configuration} resource's secret scopes. Thread-safe.
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
   * @throws dev.plumb.api.PlumbException {@code SecretAccessDeniedException} if scopes deny it
   */
  Map<String, String> get(String name);

  /**
   * Reads one secret with request metadata (such as {@code version_id}).
   *
   * @param name the secret's name
   * @param metadata request metadata
   * @return the secret's keys and values; immutable
   * @throws SecretNotFoundException if the store has no such secret
   */
  Map<String, String> get(String name, Map<String, String> metadata);

  /**
   * Reads every secret the scopes allow.
   *
   * @return secret name to its keys and values; immutable
   */
  Map<String, Map<String, String>> getBulk();

  /**
   * Reads one secret asynchronously; see {@link #get(String)}.
   *
   * @param name the secret's name
   * @return the secret's keys and values
   */
  CompletionStage<Map<String, String>> getAsync(String name);

  /**
   * Reads every allowed secret asynchronously; see {@link #getBulk()}.
   *
   * @return secret name to its keys and values
   */
  CompletionStage<Map<String, Map<String, String>>> getBulkAsync();
}
