package dev.plumb.common.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresqlConnectionStringTest {

  @Test
  void urlFormIsDecodedIntoLibpqParameters() {
    assertThat(
            PostgresqlConnectionString.parse(
                "postgresql://us%40er:p%40ss+word@db1:5433,[::1]:5434/my%20db"
                    + "?sslmode=require&application_name=a+b"))
        .containsExactly(
            Map.entry("user", "us@er"),
            Map.entry("password", "p@ss+word"),
            Map.entry("host", "db1,::1"),
            Map.entry("port", "5433,5434"),
            Map.entry("dbname", "my db"),
            Map.entry("sslmode", "require"),
            Map.entry("application_name", "a+b"));
    assertThat(PostgresqlConnectionString.parse("postgres://h"))
        .containsExactly(Map.entry("host", "h"));
  }

  @Test
  void keyValueFormTakesQuotesAndEscapes() {
    assertThat(
            PostgresqlConnectionString.parse(
                "host=localhost  port = 5432 user=dapr password='it\\'s a \\\\ secret'"
                    + " dbname=a\\ b options=''"))
        .containsExactly(
            Map.entry("host", "localhost"),
            Map.entry("port", "5432"),
            Map.entry("user", "dapr"),
            Map.entry("password", "it's a \\ secret"),
            Map.entry("dbname", "a b"),
            Map.entry("options", ""));
  }

  @Test
  void malformedStringsFailWithoutQuotingValues() {
    assertThatThrownBy(() -> PostgresqlConnectionString.parse("host=h hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connection string: expected '=' after the parameter name at position 7");
    assertThatThrownBy(() -> PostgresqlConnectionString.parse("password='hunter2"))
        .hasMessage("connection string: unterminated quoted value for 'password'");
    assertThatThrownBy(() -> PostgresqlConnectionString.parse("postgres://u:hunter2%zz@h/db"))
        .hasMessage("connection string: bad percent-encoding in URL");
    assertThatThrownBy(() -> PostgresqlConnectionString.parse("postgres://[::1/db"))
        .hasMessage("connection string: unclosed '[' in host");
  }

  @Test
  void jdbcUrlAndDriverProperties() {
    PostgresqlConnectionString.Jdbc jdbc =
        PostgresqlConnectionString.toJdbc(
            PostgresqlConnectionString.parse(
                "host=a,b,::1 port=5433 dbname='my db' user=u password=pw sslmode=verify-full"
                    + " connect_timeout=7 application_name=app search_path=s1"
                    + " target_session_attrs=read-write pool_max_conns=9 pool_min_conns=2"));
    assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://a:5433,b:5433,[::1]:5433/my%20db");
    assertThat(jdbc.properties())
        .containsEntry("user", "u")
        .containsEntry("password", "pw")
        .containsEntry("sslmode", "verify-full")
        .containsEntry("connectTimeout", "7")
        .containsEntry("ApplicationName", "app")
        .containsEntry("currentSchema", "s1")
        .containsEntry("targetServerType", "primary")
        .containsEntry(PostgresqlConnectionString.POOL_MAX_CONNS, "9")
        .containsEntry(PostgresqlConnectionString.IGNORED_PREFIX + "pool_min_conns", "");
    assertThat(jdbc.toString()).isEqualTo(jdbc.url()).doesNotContain("pw");

    assertThat(PostgresqlConnectionString.toJdbc(Map.of("database", "d")).url())
        .isEqualTo("jdbc:postgresql://localhost:5432/d");
    assertThat(PostgresqlConnectionString.toJdbc(Map.of("host", "a,b", "port", "1,2")).url())
        .isEqualTo("jdbc:postgresql://a:1,b:2/");
    assertThatThrownBy(
            () -> PostgresqlConnectionString.toJdbc(Map.of("host", "/var/run/postgresql")))
        .hasMessageContaining("Unix-domain sockets");
  }
}
