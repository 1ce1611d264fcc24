/**
 * What every PostgreSQL provider shares (Dapr's {@code common/authentication/postgresql}): {@link
 * dev.plumb.common.postgresql.PostgresqlSettings#read} reads Dapr's connection metadata, {@link
 * dev.plumb.common.postgresql.PostgresqlPools#create} opens the HikariCP pool, and {@link
 * dev.plumb.common.postgresql.PostgresqlConnectionString} parses libpq connection strings.
 */
package dev.plumb.common.postgresql;
