/**
 * The provider SPI of crypto components: {@link CryptoComponent}, Dapr's SubtleCrypto contract. The
 * dapr.io/enc/v1 scheme is built by the runtime on the component's key wrapping.
 */
package dev.plumb.api.crypto.spi;
