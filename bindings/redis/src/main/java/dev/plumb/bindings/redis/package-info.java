/**
 * Dapr's {@code bindings.redis}: an output binding over Redis keys ({@code create}, {@code get},
 * {@code delete}, {@code increment}), connected with Dapr's Redis metadata through {@code
 * plumb-common-redis}.
 */
package dev.plumb.bindings.redis;
