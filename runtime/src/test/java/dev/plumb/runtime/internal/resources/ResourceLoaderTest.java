package dev.plumb.runtime.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumb.api.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void readsEveryYamlFileSortedWithSeveralDocumentsAndSkipsOthers() throws IOException {
    write(
        "b.yaml",
        "# comment\n"
            + "apiVersion: dapr.io/v1alpha1\n"
            + "kind: Component\n"
            + "metadata:\n"
            + "  name: second\n"
            + "spec:\n"
            + "  type: state.in-memory\n"
            + "---\n"
            + "apiVersion: dapr.io/v1alpha1\n"
            + "kind: Component\n"
            + "metadata:\n"
            + "  name: third\n"
            + "spec:\n"
            + "  type: state.in-memory\n"
            + "---\n");
    write(
        "a.yml",
        "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: first\n"
            + "spec:\n  type: lock.in-memory\n");
    write("notes.txt", "not yaml: [");
    write("secrets.json", "{\"a\": 1}");

    List<ResourceDocument> docs = ResourceLoader.load(List.of(dir));

    assertThat(docs).extracting(ResourceDocument::name).containsExactly("first", "second", "third");
    ResourceDocument second = docs.get(1);
    assertThat(second.line()).isEqualTo(2);
    assertThat(second.lines()).isInstanceOf(IdentityHashMap.class);
    assertThat(second.where(second.spec().get("type"))).isEqualTo(dir.resolve("b.yaml") + ":7");
    ResourceDocument third = docs.get(2);
    assertThat(third.line()).isEqualTo(9);
    assertThat(third.lineOf(third.root().path("metadata").get("name"))).isEqualTo(12);
  }

  @Test
  void keepsALineForEveryNodeEvenEqualScalars() throws IOException {
    Path f =
        write(
            "c.yaml",
            "apiVersion: dapr.io/v1alpha1\n"
                + "kind: Component\n"
                + "metadata:\n"
                + "  name: c\n"
                + "spec:\n"
                + "  type: x.y\n"
                + "  ignoreErrors: true\n"
                + "  metadata:\n"
                + "  - name: a\n"
                + "    value: true\n"
                + "  - name: b\n"
                + "    value:\n"
                + "  - name: c\n"
                + "    value:\n");
    ResourceDocument d = ResourceLoader.load(List.of(f)).get(0);
    JsonNode entries = d.spec().get("metadata");
    assertThat(d.lineOf(d.spec().get("ignoreErrors"))).isEqualTo(7);
    assertThat(d.lineOf(entries.get(0).get("value"))).isEqualTo(10);
    assertThat(d.lineOf(entries.get(1))).isEqualTo(11);
    assertThat(d.lineOf(entries.get(2).get("name"))).isEqualTo(13);
    assertThat(d.lineOf(entries.get(2).get("value"))).isEqualTo(14);
  }

  @Test
  void malformedYamlNamesFileAndLine() throws IOException {
    Path f =
        write(
            "bad.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: [oops\nspec: {}\n");
    assertThatThrownBy(() -> ResourceLoader.load(List.of(dir)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(f + ":")
        .hasMessageContaining("malformed YAML");
    ConfigurationException e = catchConfig(() -> ResourceLoader.load(List.of(f)));
    assertThat(e.getMessage())
        .matches("(?s)" + java.util.regex.Pattern.quote(f.toString()) + ":[4-6]: malformed YAML.*");
  }

  @Test
  void unknownKindAndApiVersionNameFileLineAndField() throws IOException {
    Path f =
        write(
            "k.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Gadget\nmetadata:\n  name: g\n"
                + "---\n"
                + "apiVersion: dapr.io/v9\nkind: Component\nmetadata:\n  name: c\n");
    ConfigurationException e = catchConfig(() -> ResourceLoader.load(List.of(f)));
    assertThat(e.problems())
        .containsExactly(
            f
                + ":2: field 'kind': unknown kind 'Gadget'; expected one of Component,"
                + " Configuration, Resiliency, Subscription",
            f
                + ":6: field 'apiVersion': unknown apiVersion 'dapr.io/v9' for kind Component;"
                + " expected dapr.io/v1alpha1");
  }

  @Test
  void missingNameNamesFileLineAndField() throws IOException {
    Path f =
        write(
            "n.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  namespace: x\n"
                + "spec:\n  type: state.redis\n");
    assertThatThrownBy(() -> ResourceLoader.load(List.of(f)))
        .hasMessage(f + ":4: Component has no field 'metadata.name'");
  }

  @Test
  void skipsHttpEndpointAndRejectsMissingPath() throws IOException {
    Path f =
        write(
            "h.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: HTTPEndpoint\nmetadata:\n  name: h\n"
                + "spec:\n  baseUrl: http://localhost\n");
    assertThat(ResourceLoader.load(List.of(f))).isEmpty();
    assertThatThrownBy(() -> ResourceLoader.load(List.of(dir.resolve("missing"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing");
  }

  private static ConfigurationException catchConfig(Runnable r) {
    try {
      r.run();
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigurationException");
  }
}
