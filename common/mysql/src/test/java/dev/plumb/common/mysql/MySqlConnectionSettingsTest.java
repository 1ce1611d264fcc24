package dev.plumb.common.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MySqlConnectionSettingsTest {

  @Test
  void goDsnWithTcpAddressBecomesJdbcUrlAndCredentials() {
    MySqlConnectionSettings s =
        MySqlConnectionSettings.parse(
            "dapr:p@ss:w0rd@tcp(db.example:3307)/mydb?allowNativePasswords=true&parseTime=true",
            null);
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:mariadb://db.example:3307/mydb");
    assertThat(s.user()).isEqualTo("dapr");
    assertThat(s.password()).isEqualTo("p@ss:w0rd");
    assertThat(s.database()).isEqualTo("mydb");
    assertThat(s.properties()).isEmpty();
    assertThat(s.toString()).doesNotContain("p@ss");
  }

  @Test
  void goDsnWithoutDatabaseOrPortUsesDefaults() {
    MySqlConnectionSettings s = MySqlConnectionSettings.parse("root@tcp(localhost)/", null);
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:mariadb://localhost:3306/");
    assertThat(s.user()).isEqualTo("root");
    assertThat(s.password()).isNull();
    assertThat(s.database()).isNull();
  }

  @Test
  void goDsnTlsModesMapToSslModes() {
    assertThat(MySqlConnectionSettings.parse("u:p@tcp(h:1)/?tls=true", null).properties())
        .containsEntry("sslMode", "verify-full");
    assertThat(MySqlConnectionSettings.parse("u:p@tcp(h:1)/?tls=skip-verify", null).properties())
        .containsEntry("sslMode", "trust");
    assertThat(MySqlConnectionSettings.parse("u:p@tcp(h:1)/?tls=custom", "/ca.pem").properties())
        .containsEntry("sslMode", "verify-full")
        .containsEntry("serverSslCert", "/ca.pem");
    assertThat(MySqlConnectionSettings.parse("u:p@tcp(h:1)/?timeout=5s", null).properties())
        .containsEntry("connectTimeout", "5000");
    assertThatThrownBy(() -> MySqlConnectionSettings.parse("u:p@tcp(h:1)/?tls=custom", null))
        .hasMessageContaining("pemPath");
  }

  @Test
  void unixSocketDsnUsesLocalSocket() {
    MySqlConnectionSettings s =
        MySqlConnectionSettings.parse("root@unix(/run/mysqld/mysqld.sock)/db", null);
    assertThat(s.properties()).containsEntry("localSocket", "/run/mysqld/mysqld.sock");
    assertThat(s.database()).isEqualTo("db");
  }

  @Test
  void jdbcUrlKeepsOptionsButMovesCredentialsOut() {
    MySqlConnectionSettings s =
        MySqlConnectionSettings.parse(
            "jdbc:mysql://127.0.0.1:3306/test?user=root&password=secret&useSsl=false", "/ca.pem");
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
    assertThat(s.user()).isEqualTo("root");
    assertThat(s.password()).isEqualTo("secret");
    assertThat(s.database()).isEqualTo("test");
    assertThat(s.properties())
        .containsEntry("useSsl", "false")
        .containsEntry("serverSslCert", "/ca.pem")
        .doesNotContainKeys("user", "password");
  }

  @Test
  void garbageIsRejectedWithoutEchoingTheString() {
    assertThatThrownBy(() -> MySqlConnectionSettings.parse("secret-garbage", null))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("secret-garbage");
  }
}
