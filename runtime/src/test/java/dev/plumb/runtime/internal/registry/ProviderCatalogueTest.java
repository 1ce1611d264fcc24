package dev.plumb.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code plumb-providers.txt} lists exactly the providers that the modules of this build register
 * in their {@code META-INF/services}, each with its module's artifact and the type its source
 * declares: an unknown-type message can never name an artifact that does not exist.
 */
class ProviderCatalogueTest {
  private static final String SERVICES =
      "src/main/resources/META-INF/services/dev.plumb.api.spi.ComponentProvider";
  private static final Pattern ARTIFACT =
      Pattern.compile("</parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL);

  /** The build's root: the runtime module's parent folder (Surefire runs in the module). */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void listsEveryProviderOfEveryModuleWithItsArtifactAndType() throws IOException {
    List<String> catalogue = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = TypeCatalogue.class.getResourceAsStream("plumb-providers.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] row = line.trim().split("\\s+");
          rows.add(row);
          catalogue.add(row[1] + " " + row[2]);
        }
      }
    }
    List<String> registered = new ArrayList<>();
    List<Path> modules;
    try (Stream<Path> files = Files.walk(ROOT, 3)) {
      modules =
          files
              .filter(p -> p.getFileName().toString().equals("pom.xml"))
              .map(Path::getParent)
              .filter(m -> Files.isRegularFile(m.resolve(SERVICES)))
              .toList();
    }
    for (Path module : modules) {
      Path services = module.resolve(SERVICES);
      Matcher artifact = ARTIFACT.matcher(Files.readString(module.resolve("pom.xml")));
      assertThat(artifact.find()).as("artifactId of %s", module).isTrue();
      for (String line : Files.readAllLines(services)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          registered.add(artifact.group(1) + " " + line.trim());
        }
      }
    }
    assertThat(new TreeSet<>(catalogue))
        .as("plumb-providers.txt against the META-INF/services of %s", ROOT)
        .isEqualTo(new TreeSet<>(registered));
    for (String[] row : rows) {
      Path source = sourceOf(row[2]);
      assertThat(Files.readString(source))
          .as("the type declared by %s", source)
          .contains("\"" + row[0] + "\"");
    }
  }

  private static Path sourceOf(String className) throws IOException {
    String relative = "src/main/java/" + className.replace('.', '/') + ".java";
    try (Stream<Path> modules = Files.walk(ROOT, 3)) {
      return modules
          .map(m -> m.resolve(relative))
          .filter(Files::isRegularFile)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no source for " + className));
    }
  }
}
