/**
 * The cryptography block's facade and Dapr's {@code dapr.io/enc/v1} document scheme, built on the
 * component's key wrap so that it serves every crypto provider alike.
 *
 * <p>Internal to {@code plumb-runtime}: not an API. Anything here may change or disappear in any
 * release; providers and engines use {@code dev.plumb.api} and {@code dev.plumb.runtime.spi}.
 */
package dev.plumb.runtime.internal.crypto;
