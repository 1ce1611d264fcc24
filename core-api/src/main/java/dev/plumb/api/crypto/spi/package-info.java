/**
 * The provider SPI of crypto components: {@link CryptoComponent}, Dapr's SubtleCrypto contract,
 * called with one request record per operation ({@link EncryptRequest}, {@link DecryptRequest},
 * {@link WrapKeyRequest}, {@link UnwrapKeyRequest}, {@link SignRequest}, {@link VerifyRequest}).
 * The dapr.io/enc/v1 scheme is built by the runtime on the component's key wrapping.
 */
package dev.plumb.api.crypto.spi;
