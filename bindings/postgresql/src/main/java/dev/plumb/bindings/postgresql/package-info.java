/**
 * Dapr's {@code bindings.postgresql}: an output binding that runs SQL ({@code exec}, {@code query},
 * {@code close}) with positional {@code $n} parameters from the {@code params} JSON array,
 * answering rows as Dapr's JSON arrays, on {@code plumb-common-postgresql}'s pool.
 */
package dev.plumb.bindings.postgresql;
