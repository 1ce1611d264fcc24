package dev.plumb.configuration.postgresql;

import dev.plumb.common.postgresql.PostgresqlConnectionString;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.UUID;

/**
 * The test database ({@code PLUMB_POSTGRES_URL}) and Dapr's conformance "updater": the table and
 * trigger DDL of {@code tests/utils/configupdater/postgres}, and plain SQL writes.
 */
final class PgConfig {
  static final String URL =
      System.getenv().getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  final String url;
  final String table = unique("plumb_cfg_");
  final String channel = unique("plumb_cfg_ch_");

  PgConfig(String url) {
    this.url = url;
  }

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  Connection raw() throws SQLException {
    PostgresqlConnectionString.Jdbc jdbc =
        PostgresqlConnectionString.toJdbc(PostgresqlConnectionString.parse(url));
    return DriverManager.getConnection(jdbc.url(), jdbc.properties());
  }

  /** Dapr's updater: the table, and a trigger notifying {@link #channel}. */
  void createTableAndDaprTrigger() throws SQLException {
    exec(
        "CREATE TABLE "
            + table
            + " (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL,"
            + " VERSION VARCHAR NOT NULL, METADATA JSON)",
        "CREATE OR REPLACE FUNCTION configuration_event_"
            + channel
            + "() RETURNS TRIGGER AS $$ DECLARE data json; notification json; BEGIN"
            + " IF (TG_OP = 'DELETE') THEN data = row_to_json(OLD); ELSE data = row_to_json(NEW);"
            + " END IF; notification = json_build_object('table',TG_TABLE_NAME,'action',TG_OP,"
            + "'data',data); PERFORM pg_notify('"
            + channel
            + "', notification::text); RETURN NULL; END; $$ LANGUAGE plpgsql;",
        "CREATE OR REPLACE TRIGGER configTrigger_"
            + channel
            + " AFTER INSERT OR UPDATE OR DELETE ON "
            + table
            + " FOR EACH ROW EXECUTE PROCEDURE configuration_event_"
            + channel
            + "();");
  }

  void insert(String key, String value, String version, String metadataJson) throws SQLException {
    try (Connection c = raw();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (KEY, VALUE, VERSION, METADATA) VALUES (?, ?, ?, ?::json)")) {
      s.setString(1, key);
      s.setString(2, value);
      s.setString(3, version);
      s.setString(4, metadataJson);
      s.executeUpdate();
    }
  }

  void update(String key, String value, String version, String metadataJson) throws SQLException {
    try (Connection c = raw();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET VALUE = ?, VERSION = ?, METADATA = ?::json WHERE KEY = ?")) {
      s.setString(1, value);
      s.setString(2, version);
      s.setString(3, metadataJson);
      s.setString(4, key);
      s.executeUpdate();
    }
  }

  void delete(Collection<String> keys) throws SQLException {
    try (Connection c = raw();
        PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE KEY = ANY (?)")) {
      s.setArray(1, c.createArrayOf("varchar", keys.toArray()));
      s.executeUpdate();
    }
  }

  void drop() throws SQLException {
    exec(
        "DROP TABLE IF EXISTS " + table,
        "DROP FUNCTION IF EXISTS configuration_event_" + channel + "()");
  }

  void exec(String... sql) throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement()) {
      for (String q : sql) {
        s.execute(q);
      }
    }
  }
}
