package dev.plumb.runtime.internal.resources;

import dev.plumb.runtime.fuzz.Fuzzing;
import dev.plumb.runtime.fuzz.PlumbFuzzTest;
import dev.plumb.runtime.internal.resiliency.Resiliency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A resource file of any content: loading it, typing its documents and reading its resiliency
 * policies gives resources or a {@code ConfigurationException} naming file and line; never another
 * exception, a stack overflow or a hang (deep YAML, alias bombs, huge durations).
 */
class ResourcesFuzzTest {
  private static final Path FILE;

  static {
    try {
      Path dir = Files.createTempDirectory("plumb-fuzz-resources");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("resources.yaml");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @PlumbFuzzTest
  void resourceFiles(byte[] input) throws IOException {
    Files.write(FILE, input);
    Fuzzing.check(
        () -> {
          Resources loaded = Resources.load(List.of(FILE), "app", "", new Warnings());
          Resiliency.from(loaded.resiliencies(), "app");
          loaded.secretScopes();
        });
  }
}
