package dev.plumb.common.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresqlSettingsTest {

  private static PostgresqlSettings read(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'pg'", values);
    PostgresqlSettings s = PostgresqlSettings.read(md);
    md.validate();
    return s;
  }

  private static List<String> problems(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'pg'", values);
    PostgresqlSettings.read(md);
    try {
      md.validate();
      return List.of();
    } catch (ConfigurationException e) {
      return e.problems();
    }
  }

  @Test
  void daprDefaults() {
    PostgresqlSettings s = read(Map.of("connectionString", "host=db user=u password=pw"));
    assertThat(s.jdbc.url()).isEqualTo("jdbc:postgresql://db:5432/");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.maxConns).isEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
    assertThat(s.connectionMaxIdleTime).isZero();
  }

  @Test
  void separateFieldsOverrideTheConnectionString() {
    Map<String, String> md = new HashMap<>();
    md.put("url", "postgres://u:pw@db:5432/a?pool_max_conns=7");
    md.put("host", "other");
    md.put("port", "6543");
    md.put("database", "b");
    md.put("user", "v");
    md.put("password", "pw2");
    md.put("sslRootCert", "/etc/ca.pem");
    PostgresqlSettings s = read(md);
    assertThat(s.jdbc.url()).isEqualTo("jdbc:postgresql://other:6543/b");
    assertThat(s.jdbc.properties())
        .containsEntry("user", "v")
        .containsEntry("password", "pw2")
        .containsEntry("sslrootcert", "/etc/ca.pem")
        .containsEntry("sslmode", "verify-full");
    assertThat(s.maxConns).isEqualTo(7);
    assertThat(read(Map.of("host", "h", "maxConns", "3")).maxConns).isEqualTo(3);
  }

  @Test
  void timeoutTakesSecondsOrDurationsAndItsLegacyName() {
    assertThat(read(Map.of("host", "h", "timeout", "1m")).timeout())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(read(Map.of("host", "h", "timeoutInSeconds", "30")).timeout())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(read(Map.of("host", "h", "timeout", "5s", "timeoutInSeconds", "30")).timeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(read(Map.of("host", "h", "connectionMaxIdleTime", "2m")).connectionMaxIdleTime)
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void everyProblemAtOnceWithoutThePassword() {
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", "host=h password='hunter2");
    md.put("timeout", "500ms");
    md.put("maxConns", "0");
    md.put("useAzureAD", "true");
    md.put("useAWSIAM", "true");
    md.put("queryExecMode", "exec");
    assertThat(problems(md))
        .containsExactlyInAnyOrder(
            "component 'pg': metadata 'connectionString': connection string: unterminated quoted"
                + " value for 'password'",
            "component 'pg': metadata 'timeout': must be at least 1s",
            "component 'pg': metadata 'maxConns': must be at least 1",
            "component 'pg': metadata 'useAzureAD': Azure AD authentication is not supported",
            "component 'pg': metadata 'useAWSIAM': AWS IAM authentication is not supported");
    assertThat(problems(Map.of()))
        .containsExactly(
            "component 'pg': metadata 'connectionString' is required (or 'host' and related"
                + " fields)");
    assertThat(problems(Map.of("host", "/tmp")))
        .singleElement()
        .asString()
        .contains("Unix-domain sockets");
  }

  @Test
  void toStringHoldsNoPassword() {
    assertThat(read(Map.of("connectionString", "postgres://u:hunter2@db/x")).toString())
        .isEqualTo(
            "PostgresqlSettings[jdbc:postgresql://db:5432/x, maxConns="
                + Math.max(4, Runtime.getRuntime().availableProcessors())
                + ", timeout=PT20S]");
  }
}
