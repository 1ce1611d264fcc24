/**
 * The provider SPI of secret stores: {@link SecretStoreComponent}, Dapr's component contract.
 * Scopes and resiliency are the runtime's.
 */
package dev.plumb.api.secrets.spi;
