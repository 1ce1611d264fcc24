package dev.plumb.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes resource files for tests. */
final class TestFiles {
  private TestFiles() {}

  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A component document; {@code spec} lines go below {@code type}, indented by two. */
  static String component(String name, String type, String... specLines) {
    StringBuilder sb =
        new StringBuilder("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ")
            .append(name)
            .append("\nspec:\n  type: ")
            .append(type)
            .append('\n');
    for (String line : specLines) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString();
  }
}
