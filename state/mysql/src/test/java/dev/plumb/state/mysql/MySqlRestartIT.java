package dev.plumb.state.mysql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateRestartScenario;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restarts a private MariaDB under a loop of writes: no write may be lost silently. */
class MySqlRestartIT {

  @Test
  void everyWriteEitherSucceedsAndIsReadableOrThrowsAcrossARestart() throws Exception {
    try (PrivateMariaDb server = new PrivateMariaDb()) {
      server.start();
      Map<String, String> md =
          Map.of(
              "connectionString", server.jdbcUrl(),
              "schemaName", "plumb",
              "tableName", "state",
              "timeoutInSeconds", "1");
      try (TestComponentContext ctx =
              new TestComponentContext("statestore", MySqlStateProvider.TYPE, md)
                  .withClock(Clock.systemUTC());
          StateComponent store = new MySqlStateProvider().create(ctx)) {
        StateRestartScenario.run(store, server::stop, server::start, true);
      }
    }
  }
}
