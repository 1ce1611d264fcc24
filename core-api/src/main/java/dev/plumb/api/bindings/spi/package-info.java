/**
 * The provider SPI of bindings: {@link OutputBindingComponent} invokes operations, {@link
 * InputBindingComponent} reads events and hands them to the runtime's {@link ReadHandler}; Dapr's
 * component contracts over raw bytes.
 */
package dev.plumb.api.bindings.spi;
