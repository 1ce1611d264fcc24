package dev.plumb.state.azure.tablestorage;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateRestartScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stops Azurite (data on disk, {@code --location}) under a loop of writes and starts it again on
 * the same port: every write either succeeded and is readable afterwards, or threw.
 */
class AzureTableRestartIT {

  @Test
  void everyWriteEitherSucceedsAndIsReadableOrThrowsAcrossARestart() throws Exception {
    Path dir = Files.createTempDirectory("plumb-azurite-");
    try (Azurite azurite = Azurite.persistent(dir)) {
      azurite.start();
      try (TestComponentContext ctx =
              new TestComponentContext(
                  "statestore", AzureTableStateProvider.TYPE, azurite.metadata());
          StateComponent store = new AzureTableStateProvider().create(ctx)) {
        StateRestartScenario.run(store, azurite::stop, azurite::start, true);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
