/**
 * The distributed lock building block as the application sees it: {@link LockStore} takes and
 * releases expiring, non-reentrant locks on named resources.
 */
package dev.plumb.api.lock;
