/**
 * Dapr's {@code bindings.mysql}: an output binding that runs SQL ({@code exec}, {@code query},
 * {@code close}) on MySQL or MariaDB with {@code ?} parameters from the {@code params} JSON array,
 * answering rows as Dapr's JSON objects, with the connection string of {@code plumb-common-mysql}.
 */
package dev.plumb.bindings.mysql;
