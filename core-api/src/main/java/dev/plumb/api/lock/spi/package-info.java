/**
 * The provider SPI of distributed lock stores: {@link LockComponent}, Dapr's component contract
 * over stored resource ids, called with {@link TryLockRequest} and {@link UnlockRequest}.
 * Validation and prefixes are the runtime's.
 */
package dev.plumb.api.lock.spi;
