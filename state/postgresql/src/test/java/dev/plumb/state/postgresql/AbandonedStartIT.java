package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.runtime.Plumb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, point 5: a start abandoned after its {@code initTimeout} closes what it created once it
 * ends. Fifty builds with {@code initTimeout: 1ms} leave no pool thread and no server connection.
 */
class AbandonedStartIT {
  private static final int BUILDS = 50;

  @TempDir Path dir;

  @Test
  void fiftyAbandonedStartsLeaveNoThreadsAndNoConnections() throws Exception {
    String tag = "plumbabandoned" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Files.writeString(
        dir.resolve("statestore.yaml"),
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %1$s
        spec:
          type: state.postgresql
          version: v1
          initTimeout: 1ms
          metadata:
          - name: connectionString
            value: "%2$s"
          - name: tableName
            value: %1$s
          - name: metadataTableName
            value: %1$s_meta
        """
            .formatted(tag, PostgresqlTestSupport.URL + "?application_name=" + tag));
    long runtimeThreadsBefore = runtimeThreads();

    int abandoned = 0;
    for (int i = 0; i < BUILDS; i++) {
      try {
        // A start may still win on a busy machine: the late result counts, and is closed here.
        Plumb.builder().resources(dir).build().close();
      } catch (ConfigurationException e) {
        assertThat(e).hasMessageContaining("failed to start within 1ms");
        abandoned++;
      }
    }
    assertThat(abandoned).as("starts abandoned").isPositive();

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(threadsNamed(tag)).as("pool threads of the abandoned starts").isZero();
              assertThat(connections(tag)).as("server connections still open").isZero();
              assertThat(runtimeThreads())
                  .as("runtime threads")
                  .isLessThanOrEqualTo(runtimeThreadsBefore);
            });
    try (Connection c = PostgresqlTestSupport.raw()) {
      c.createStatement().execute("DROP TABLE IF EXISTS " + tag);
      c.createStatement().execute("DROP TABLE IF EXISTS " + tag + "_meta");
    }
  }

  private static long threadsNamed(String part) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().contains(part))
        .count();
  }

  private static long runtimeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("plumb-"))
        .count();
  }

  private static long connections(String applicationName) throws Exception {
    try (Connection c = PostgresqlTestSupport.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
      ps.setString(1, applicationName);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
