package dev.plumb.api.secrets.spi;

import java.util.Map;

/**
 * The provider SPI of a secret store: Dapr's component contract. Scopes and resiliency are the
 * runtime's. The secrets conformance kit in {@code plumb-testkit} defines what a correct
 * implementation does. Implementations must be thread-safe and must never log or print values.
 */
public interface SecretStoreComponent extends AutoCloseable {

  /**
   * Returns whether one secret can hold several keys ({@code MULTIPLE_KEY_VALUES_PER_SECRET}).
   *
   * @return {@code true} for multi-valued stores
   */
  default boolean multipleKeyValuesPerSecret() {
    return false;
  }

  /**
   * Checks the connection to the backing service.
   *
   * @throws Exception if the service cannot be reached
   */
  default void ping() throws Exception {}

  /**
   * Reads one secret.
   *
   * @param request the secret's name and request metadata
   * @return the secret's keys and values, or {@code null} if there is no such secret
   * @throws Exception if the store fails
   */
  Map<String, String> getSecret(GetSecretRequest request) throws Exception;

  /**
   * Reads every secret.
   *
   * @param request request metadata
   * @return secret name to its keys and values
   * @throws Exception if the store fails
   */
  Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) throws Exception;

  /**
   * Releases connections and background tasks. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
