package dev.plumb.state.postgresql;

import dev.plumb.testkit.actors.ReminderCrashScenario;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reminders on PostgreSQL survive a {@code kill -9} of the JVM that registered them. */
class PostgresqlReminderCrashIT {
  @Test
  void everyReminderFiresAtLeastOnceAfterTheCrash(@TempDir Path dir) throws Exception {
    Map<String, String> md = PostgresqlTestSupport.metadata("v2");
    try {
      ReminderCrashScenario.run("state.postgresql", "v2", md, dir);
    } finally {
      PostgresqlTestSupport.drop("v2", md);
    }
  }
}
