package dev.plumb.state.mysql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the state conformance kit against {@code state.mysql} on the local MariaDB, each scenario on
 * its own tables, with expiry on a {@link TestClock}.
 */
class MySqlStateConformanceIT extends StateConformanceKit {
  private final TestClock clock = TestClock.start();
  private final List<MySqlTestDb> databases = new ArrayList<>();
  private final List<TestComponentContext> contexts = new ArrayList<>();

  @Override
  protected StateComponent createComponent() throws Exception {
    MySqlTestDb db = new MySqlTestDb();
    databases.add(db);
    TestComponentContext context =
        new TestComponentContext("statestore", MySqlStateProvider.TYPE, db.metadata())
            .withClock(clock);
    contexts.add(context);
    return new MySqlStateProvider().create(context);
  }

  @Override
  protected void advanceTime(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @AfterEach
  void dropTables() throws Exception {
    contexts.forEach(TestComponentContext::close);
    for (MySqlTestDb db : databases) {
      db.drop();
    }
  }
}
