/** Dapr's {@code crypto.dapr.jwks}: the keys of a JSON Web Key Set. */
package dev.plumb.crypto.jwks;
