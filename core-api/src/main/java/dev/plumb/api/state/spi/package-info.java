/**
 * The provider SPI of state stores: {@link StateComponent}, Dapr's component contract over raw
 * bytes and stored keys, with its request records. Key prefixes, serialization, encryption and
 * resiliency are the runtime's.
 */
package dev.plumb.api.state.spi;
