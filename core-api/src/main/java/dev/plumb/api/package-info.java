/**
 * Plumb's user API root: the {@link Serializer} SPI, the {@link Subscription} that stops what
 * delivers to a handler in every block, and the exception hierarchy under the unchecked {@link
 * PlumbException} (configuration, missing component, component failure, invalid request,
 * unsupported feature, serialization). Each building block's API lives in a subpackage; its
 * provider SPI in that subpackage's spi package.
 */
package dev.plumb.api;
