/**
 * The configuration block's facade.
 *
 * <p>Internal to {@code plumb-runtime}: not an API. Anything here may change or disappear in any
 * release; providers and engines use {@code dev.plumb.api} and {@code dev.plumb.runtime.spi}.
 */
package dev.plumb.runtime.internal.configuration;
