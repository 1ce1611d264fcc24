package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateRestartScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Restarts DynamoDB Local (data on disk) under a loop of writes: no write may be lost silently. */
class DynamoDbRestartIT {

  @Test
  void everyWriteEitherSucceedsAndIsReadableOrThrowsAcrossARestart() throws Exception {
    Path dir = Files.createTempDirectory("plumb-dynamodb-");
    try (DynamoDbLocal local = new DynamoDbLocal(dir)) {
      local.start();
      try (TestComponentContext ctx =
              new TestComponentContext("statestore", DynamoDbStateProvider.TYPE, local.metadata())
                  .withClock(Clock.systemUTC());
          StateComponent store = new DynamoDbStateProvider().create(ctx)) {
        StateRestartScenario.run(store, local::stop, local::start, true);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
