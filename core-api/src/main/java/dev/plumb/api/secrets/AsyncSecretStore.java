package dev.plumb.api.secrets;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link SecretStore}: the same calls, returning stages that complete
 * when the store answers, or exceptionally with the exception the blocking call would throw
 * (refused scopes and invalid names included). Stages complete on a runtime thread; do not block in
 * their callbacks. Thread-safe.
 */
public interface AsyncSecretStore {

  /**
   * Reads one secret; see {@link SecretStore#get(String)}.
   *
   * @param name the secret's name
   * @return the secret's keys and values; immutable
   */
  CompletionStage<Map<String, String>> get(String name);

  /**
   * Reads one secret with request metadata; see {@link SecretStore#get(String, Map)}.
   *
   * @param name the secret's name
   * @param metadata request metadata
   * @return the secret's keys and values; immutable
   */
  CompletionStage<Map<String, String>> get(String name, Map<String, String> metadata);

  /**
   * Reads every secret the scopes allow; see {@link SecretStore#getBulk()}.
   *
   * @return secret name to its keys and values; immutable
   */
  CompletionStage<Map<String, Map<String, String>>> getBulk();
}
