/**
 * The provider SPI of configuration stores: {@link ConfigurationComponent}, Dapr's component
 * contract (get, subscribe, unsubscribe).
 */
package dev.plumb.api.configuration.spi;
