package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.internal.memory.InMemoryStateProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads every file of {@code dapr-corpus}: component, resiliency, subscription and configuration
 * files from Dapr's own repositories, unchanged except for the edits recorded next to them (see the
 * corpus's README.md). Each file is loaded with the secret stores of its folder, as daprd loads a
 * folder. Types whose providers live in other modules get stand-ins that read every field (those
 * providers are tested against real servers in their own modules).
 */
class DaprCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/dapr-corpus");
  private static final Pattern SECRET_STORE = Pattern.compile("(?m)^\\s*type:\\s*secretstores\\.");
  private static final Pattern SCOPE = Pattern.compile("(?m)^scopes:\\s*\\n\\s*-\\s*(\\S+)");
  private static final Map<String, Set<String>> OTHER_MODULES =
      Map.of(
          "state.redis", Set.of("v1"),
          "state.postgresql", Set.of("v1", "v2"),
          "state.mysql", Set.of("v1"),
          "state.aws.dynamodb", Set.of("v1"),
          "state.azure.tablestorage", Set.of("v1"));

  @TempDir static Path work;

  private static List<Path> files() throws IOException {
    try (Stream<Path> all = Files.walk(CORPUS)) {
      return all.filter(DaprCorpusTest::isYaml).sorted().toList();
    }
  }

  /** The counts that README.md and docs/differences-from-dapr.md quote. */
  @Test
  void holdsTheFilesTheReadmeCounts() throws IOException {
    List<Path> files = files();
    long failing = 0;
    for (Path f : files) {
      if (!Expectation.of(f).fails().isEmpty()) {
        failing++;
      }
    }
    assertThat(files).hasSize(235);
    assertThat(files.size() - failing).isEqualTo(223);
  }

  @TestFactory
  Stream<DynamicTest> everyFileLoadsOrFailsAsRecorded() throws IOException {
    return files().stream()
        .map(f -> DynamicTest.dynamicTest(CORPUS.relativize(f).toString(), () -> load(f)));
  }

  private void load(Path file) throws IOException {
    Path relative = CORPUS.relativize(file);
    Expectation expect = Expectation.of(file);
    Path folder = Files.createDirectories(work.resolve(relative).getParent());
    List<Path> unit = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(file.getParent())) {
      for (Path s : siblings.filter(DaprCorpusTest::isYaml).sorted().toList()) {
        String text = Files.readString(s, StandardCharsets.UTF_8);
        if (s.equals(file)) {
          Path copy = folder.resolve(s.getFileName());
          Files.writeString(copy, expect.edit(text));
          unit.add(copy);
        } else if (SECRET_STORE.matcher(text).find()) {
          // A secret store of the same folder, as daprd would load it with this file.
          Path copy = folder.resolve(s.getFileName());
          Files.writeString(copy, Expectation.of(s).edit(text));
          unit.add(copy);
        }
      }
    }
    Matcher scope = SCOPE.matcher(Files.readString(file, StandardCharsets.UTF_8));
    Plumb.Builder builder =
        Plumb.builder()
            .appId(scope.find() ? scope.group(1) : "corpus-app")
            .resources(unit.toArray(Path[]::new));
    OTHER_MODULES.forEach((type, versions) -> builder.provider(new StandIn(type, versions)));
    String dir = folder.toString();
    try (Plumb plumb = builder.build()) {
      assertThat(expect.fails()).as("the problems this file should fail with").isEmpty();
      assertThat(plumb.warnings()).isEqualTo(expect.warns(dir));
    } catch (ConfigurationException e) {
      if (expect.fails().isEmpty()) {
        throw e;
      }
      assertThat(e.problems()).isEqualTo(expect.fails(dir));
    }
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /**
   * What a file's {@code <file>.expect} records: edits ({@code edit: old => new}, {@code {here}}
   * being the file's folder in the corpus), the problems it fails with ({@code fails:}) and its
   * warnings ({@code warns:}), {@code {dir}} standing for the folder it is loaded from. No file
   * means: unchanged, loads, no warnings.
   */
  private record Expectation(
      Path here, List<String[]> edits, List<String> fails, List<String> warns) {
    static Expectation of(Path file) throws IOException {
      Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
      List<String[]> edits = new ArrayList<>();
      List<String> fails = new ArrayList<>();
      List<String> warns = new ArrayList<>();
      if (Files.exists(sidecar)) {
        for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
          if (line.startsWith("edit: ")) {
            edits.add(line.substring(6).split(" => ", 2));
          } else if (line.startsWith("fails: ")) {
            fails.add(line.substring(7));
          } else if (line.startsWith("warns: ")) {
            warns.add(line.substring(7));
          }
        }
      }
      return new Expectation(file.getParent().toAbsolutePath(), edits, fails, warns);
    }

    String edit(String text) {
      String out = text;
      for (String[] e : edits) {
        assertThat(out).as("text an edit replaces").contains(e[0]);
        out = out.replace(e[0], e[1].replace("{here}", here.toString()));
      }
      return out;
    }

    List<String> fails(String dir) {
      return fails.stream().map(f -> f.replace("{dir}", dir)).toList();
    }

    List<String> warns(String dir) {
      return warns.stream().map(w -> w.replace("{dir}", dir)).toList();
    }
  }

  /** A state store of a type whose provider lives in another module: reads every field. */
  private static final class StandIn implements ComponentProvider<StateComponent> {
    private final String type;
    private final Set<String> versions;

    StandIn(String type, Set<String> versions) {
      this.type = type;
      this.versions = versions;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public Set<String> versions() {
      return versions;
    }

    @Override
    public Class<StateComponent> componentClass() {
      return StateComponent.class;
    }

    @Override
    public StateComponent create(ComponentContext context) {
      ComponentMetadata metadata = context.metadata();
      metadata.names().forEach(metadata::getString);
      return new InMemoryStateProvider().create(context);
    }
  }
}
