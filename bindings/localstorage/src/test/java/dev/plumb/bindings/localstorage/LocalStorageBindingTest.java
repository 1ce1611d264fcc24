package dev.plumb.bindings.localstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binding through Plumb: its operations, and every way out of the root refused. */
class LocalStorageBindingTest {
  private static final String PREFIX = "output binding 'files' (bindings.localstorage): ";

  @TempDir Path tmp;
  private Path root;
  private Path outside;
  private Plumb plumb;
  private OutputBinding files;

  @BeforeEach
  void start() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    plumb =
        Plumb.builder()
            .component("files", "bindings.localstorage", Map.of("rootPath", root.toString()))
            .build();
    files = plumb.outputBinding("files");
  }

  @AfterEach
  void stop() {
    plumb.close();
  }

  private BindingResponse invoke(String op, String data, String fileName) {
    return files.invoke(op, data, fileName == null ? Map.of() : Map.of("fileName", fileName));
  }

  @Test
  void createGetListAndDeleteFilesInFolders() throws IOException {
    BindingResponse created = invoke("create", "hello", "reports/2026/day.txt");
    assertThat(created.dataAsString()).isEqualTo("{\"fileName\":\"reports/2026/day.txt\"}");
    assertThat(Files.readString(root.resolve("reports/2026/day.txt"))).isEqualTo("hello");
    invoke("create", "again", "reports/2026/day.txt");
    assertThat(invoke("get", null, "reports/2026/day.txt").dataAsString()).isEqualTo("again");
    invoke("create", "x", "reports/other.txt");

    assertThat(files.invoke("list", null, Map.of("fileName", "reports"), String[].class))
        .containsExactly(
            root.resolve("reports/2026/day.txt").toString(),
            root.resolve("reports/other.txt").toString());
    assertThat(files.invoke("list", null, Map.of(), String[].class)).hasSize(2);

    invoke("delete", null, "reports/2026/day.txt");
    assertThat(root.resolve("reports/2026/day.txt")).doesNotExist();
    assertThat(invoke("get", null, "reports/2026/day.txt").data()).isNull();
    invoke("delete", null, "reports/2026/day.txt");
    try (Stream<Path> left = Files.walk(root)) {
      assertThat(left.map(Path::toString)).noneMatch(p -> p.contains(".plumb-"));
    }
  }

  @Test
  void dataIsWrittenAsGivenEvenWhenItLooksLikeBase64OrJson() throws IOException {
    invoke("create", "test", "a.txt");
    invoke("create", "\"quoted\"", "b.txt");
    files.invoke("create", new byte[] {0, (byte) 0xff}, Map.of("fileName", "c.bin"));
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("test");
    assertThat(Files.readString(root.resolve("b.txt"))).isEqualTo("\"quoted\"");
    assertThat(Files.readAllBytes(root.resolve("c.bin"))).containsExactly(0, 0xff);
  }

  @Test
  void createWithoutAFileNamePicksAUuid() {
    String name = invoke("create", "x", null).metadata().get("fileName");
    assertThat(name).matches("[0-9a-f-]{36}");
    assertThat(root.resolve(name)).hasContent("x");
  }

  @Test
  void aParentSegmentIsRefusedForEveryOperation() {
    for (String op : new String[] {"create", "get", "delete", "list"}) {
      assertThatThrownBy(() -> invoke(op, "pwned", "../outside/secret.txt"))
          .as(op)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              PREFIX
                  + "operation '"
                  + op
                  + "': request metadata 'fileName' ('../outside/secret.txt') has a '..' segment,"
                  + " which could leave rootPath");
    }
    assertThatThrownBy(() -> invoke("create", "x", "a/../../b"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(outside.resolve("secret.txt")).hasContent("top secret");
  }

  @Test
  void anAbsoluteNameIsRefused() {
    String absolute = outside.resolve("secret.txt").toString();
    assertThatThrownBy(() -> invoke("get", null, absolute))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            PREFIX
                + "operation 'get': request metadata 'fileName' ('"
                + absolute
                + "') is absolute; give a name relative to rootPath");
    assertThatThrownBy(() -> invoke("create", "pwned", absolute))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> invoke("delete", null, absolute))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(outside.resolve("secret.txt")).hasContent("top secret");
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("secret-link.txt"), outside.resolve("secret.txt"));

    assertThatThrownBy(() -> invoke("get", null, "escape/secret.txt"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith(
            PREFIX
                + "operation 'get': request metadata 'fileName' ('escape/secret.txt') leads out of"
                + " rootPath through a symbolic link");
    assertThatThrownBy(() -> invoke("get", null, "secret-link.txt"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> invoke("create", "pwned", "escape/new.txt"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> invoke("create", "pwned", "secret-link.txt"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> invoke("delete", null, "escape/secret.txt"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> invoke("list", null, "escape"))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(outside.resolve("secret.txt")).hasContent("top secret");
    assertThat(outside.resolve("new.txt")).doesNotExist();
  }

  @Test
  void aSymbolicLinkThatStaysInTheRootIsFollowed() throws IOException {
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
    invoke("create", "inside", "alias/f.txt");
    assertThat(root.resolve("real/f.txt")).hasContent("inside");
    assertThat(invoke("get", null, "alias/f.txt").dataAsString()).isEqualTo("inside");
  }

  @Test
  void getAndDeleteNeedAFileName() {
    assertThatThrownBy(() -> invoke("get", null, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(PREFIX + "operation 'get': request metadata 'fileName' is required");
    assertThatThrownBy(() -> invoke("delete", null, ""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(PREFIX + "operation 'delete': request metadata 'fileName' is required");
  }

  @Test
  void aFileListsItselfAndAMissingFolderFails() {
    invoke("create", "x", "f.txt");
    assertThat(files.invoke("list", null, Map.of("fileName", "f.txt"), String[].class))
        .containsExactly(root.resolve("f.txt").toString());
    assertThatThrownBy(() -> invoke("list", null, "missing"))
        .hasMessageContaining("nothing to list");
  }

  @Test
  void aRootThatIsAFileASystemFolderOrMissingFailsTheBuild() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> build(Map.of("rootPath", file.toString())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'rootPath' is a file, not a folder");
    assertThatThrownBy(() -> build(Map.of("rootPath", "/proc/plumb")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("points into a system folder (/proc)");
    assertThatThrownBy(() -> build(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'rootPath' is required");
  }

  @Test
  void aMissingRootIsCreated() {
    Path fresh = tmp.resolve("a/b/c");
    build(Map.of("rootPath", fresh.toString())).close();
    assertThat(fresh).isDirectory();
  }

  private static Plumb build(Map<String, String> metadata) {
    return Plumb.builder().component("f", "bindings.localstorage", metadata).build();
  }
}
