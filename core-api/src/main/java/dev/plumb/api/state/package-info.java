/**
 * The state management building block as the application sees it: {@link StateStore} (and its
 * asynchronous view) reads and writes values with etags for optimistic concurrency, TTLs, bulk
 * calls, transactions and queries, with Dapr's semantics.
 */
package dev.plumb.api.state;
