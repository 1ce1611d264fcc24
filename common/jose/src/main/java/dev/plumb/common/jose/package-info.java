/**
 * The shared core of Plumb's local crypto providers ({@code crypto.dapr.localstorage}, {@code
 * crypto.dapr.jwks}), as components-contrib's {@code LocalCryptoBaseComponent} and dapr/kit's
 * {@code crypto} package: keys from JWK, PEM or raw symmetric bytes, Dapr's key permission checks,
 * and the subtle operations on the JDK's JCE.
 */
package dev.plumb.common.jose;
