/**
 * The provider SPI of secret stores: {@link SecretStoreComponent}, Dapr's component contract,
 * called with {@link GetSecretRequest} and {@link BulkGetSecretRequest}. Scopes and resiliency are
 * the runtime's.
 */
package dev.plumb.api.secrets.spi;
