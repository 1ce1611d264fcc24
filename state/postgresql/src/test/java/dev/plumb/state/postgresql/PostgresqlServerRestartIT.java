package dev.plumb.state.postgresql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.servers.PrivatePostgres;
import dev.plumb.testkit.state.StateRestartScenario;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restarts a private PostgreSQL cluster while a loop writes: every write either succeeded and is
 * readable afterwards, or threw; the pool reconnects by itself.
 */
class PostgresqlServerRestartIT {

  @Test
  void writesDuringARestartSucceedOrThrowAndThePoolReconnects() throws Exception {
    try (PrivatePostgres server = new PrivatePostgres()) {
      Map<String, String> md =
          Map.of("connectionString", server.connectionString(), "timeout", "2s");
      try (StateComponent store = PostgresqlTestSupport.create("v1", md)) {
        StateRestartScenario.run(store, server::stop, server::start, true);
      }
    }
  }
}
