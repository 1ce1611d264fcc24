/**
 * What every Dapr MySQL component shares: the connection string, as a Go MySQL driver DSN or a JDBC
 * URL, turned into MariaDB Connector/J settings ({@link
 * dev.plumb.common.mysql.MySqlConnectionSettings}).
 */
package dev.plumb.common.mysql;
