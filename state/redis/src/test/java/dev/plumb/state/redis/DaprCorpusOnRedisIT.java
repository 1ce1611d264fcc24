package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dapr's own {@code state.redis} files from the runtime's Dapr corpus ({@code
 * runtime/src/test/resources/dapr-corpus}), on a real Redis: each loads unchanged, with the
 * warnings Plumb owes a Dapr user, and serves state. The only edit is the server address: {@code
 * localhost:6379} becomes {@code PLUMB_REDIS_URL}'s host and port when that points elsewhere.
 */
class DaprCorpusOnRedisIT {
  private static final Path CORPUS = Path.of("../../runtime/src/test/resources/dapr-corpus");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "components-contrib/tests/config/state/redis/v6/statestore.yaml | statestore"
            + " | metadata field 'queryIndexes' (12) is a Dapr field that Plumb's provider of"
            + " 'state.redis' does not support; it is ignored",
        "components-contrib/tests/certification/state/redis/components/docker/default/"
            + "redisstatestore.yaml | statestore | metadata field 'initTimeout' (12) is not used"
            + " by type 'state.redis'; check its spelling; metadata field 'timeout' (14) is not"
            + " used by type 'state.redis'; check its spelling; metadata field 'queryIndexes' (16)"
            + " is a Dapr field that Plumb's provider of 'state.redis' does not support; it is"
            + " ignored",
        "docs/reference/components-reference/supported-state-stores/setup-redis/04.yaml"
            + " | statestore | metadata field 'queryIndexes' (14) is a Dapr field that Plumb's"
            + " provider of 'state.redis' does not support; it is ignored",
        "dapr/tests/apps/stateapp/components/redis.yaml | statestore |",
        "quickstarts/actors/resources/statestore.yaml | statestore |",
        "quickstarts/state_management/resources/statestore.yaml | statestore |",
        "quickstarts/tutorials/workflow/csharp/combined-patterns/resources/state_redis.yaml"
            + " | statestore |",
      })
  void loadsUnchangedAndServesState(String file, String store, String warnings) throws Exception {
    Path copy = dir.resolve(Path.of(file).getFileName());
    Files.writeString(
        copy,
        Files.readString(CORPUS.resolve(file)).replace("localhost:6379", RedisTestSupport.host()));
    try (Plumb plumb = Plumb.builder().appId("corpus-app").resources(copy).build()) {
      String owner = "component '" + store + "' (" + copy + ":1): ";
      List<String> expected =
          warnings == null
              ? List.of()
              : List.of(warnings.split("; (?=metadata field)")).stream()
                  .map(w -> owner + w.replaceFirst("\\((\\d+)\\)", "(" + copy + ":$1)"))
                  .toList();
      assertThat(plumb.warnings()).isEqualTo(expected);
      StateStore state = plumb.stateStore(store);
      String key = "corpus-" + UUID.randomUUID();
      state.save(key, "from a Dapr file");
      assertThat(state.get(key, String.class).value()).isEqualTo("from a Dapr file");
      state.delete(key);
    }
  }
}
