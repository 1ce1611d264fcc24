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

    List<ResourceDocument> docs = ResourceLoader.load(List.of(dir), new Warnings());

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
                + "    value: \"\"\n"
                + "  - name: c\n"
                + "    value: \"\"\n");
    ResourceDocument d = ResourceLoader.load(List.of(f), new Warnings()).get(0);
    JsonNode entries = d.spec().get("metadata");
    assertThat(d.lineOf(d.spec().get("ignoreErrors"))).isEqualTo(7);
    assertThat(d.lineOf(entries.get(0).get("value"))).isEqualTo(10);
    assertThat(d.lineOf(entries.get(1))).isEqualTo(11);
    assertThat(d.lineOf(entries.get(2).get("name"))).isEqualTo(13);
    assertThat(d.lineOf(entries.get(2).get("value"))).isEqualTo(14);
  }

  @Test
  void malformedYamlKeepsTheParsersExplanationAndLine() throws IOException {
    String head = "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\n";
    Path tab = write("tab.yaml", head + "spec:\n\ttype: state.in-memory\n");
    Path dedent = write("dedent.yaml", head + " spec:\n  type: state.in-memory\n");
    Path list =
        write(
            "list.yaml",
            head + "spec:\n  metadata:\n  - name: a\n    value: b\n   - name: c\n    value: d\n");
    Path flow = write("flow.yaml", head + "spec: {type: [oops}\n");
    ConfigurationException e = catchConfig(() -> ResourceLoader.load(List.of(dir), new Warnings()));
    assertThat(e.problems())
        .containsExactly(
            dedent
                + ":5: malformed YAML: expected <block end>, but found '<block mapping start>'"
                + " (column 2, while parsing a block mapping that starts at line 1)",
            flow
                + ":5: malformed YAML: expected ',' or ']', but got } (column 19, while parsing a"
                + " flow sequence)",
            list
                + ":9: malformed YAML: expected <block end>, but found '<block sequence start>'"
                + " (column 4, while parsing a block mapping that starts at line 6)",
            tab
                + ":6: malformed YAML: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation) (column 1, while scanning for the next"
                + " token)");
  }

  @Test
  void nullIsEmptyAndFieldNamesIgnoreCaseAsInDapr() throws IOException {
    Path f =
        write(
            "c.yaml",
            "APIVersion: dapr.io/v1alpha1\n"
                + "Kind: Component\n"
                + "Metadata:\n"
                + "  Name: c\n"
                + "spec:\n"
                + "  TYPE: state.in-memory\n"
                + "  version:\n"
                + "  metadata:\n"
                + "auth:\n"
                + "  secretstore: vault\n"
                + "scopes:\n"
                + "---\n"
                + "apiVersion: dapr.io/v1alpha1\n"
                + "kind: Resiliency\n"
                + "metadata:\n"
                + "  name: r\n"
                + "spec:\n"
                + "  policies:\n"
                + "    timeouts:\n"
                + "    retries:\n"
                + "      Keep: {MaxRetries: 3}\n"
                + "  targets:\n"
                + "scopes:\n");
    Warnings warnings = new Warnings();
    List<ResourceDocument> docs = ResourceLoader.load(List.of(f), warnings);
    ResourceDocument c = docs.get(0);
    assertThat(c.kind()).isEqualTo("Component");
    assertThat(c.name()).isEqualTo("c");
    assertThat(c.scopes()).isEmpty();
    assertThat(c.root().toString())
        .isEqualTo(
            "{\"apiVersion\":\"dapr.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":"
                + "{\"name\":\"c\"},\"spec\":{\"type\":\"state.in-memory\"},"
                + "\"auth\":{\"secretStore\":\"vault\"}}");
    assertThat(c.where(c.spec().get("type"))).isEqualTo(f + ":6");
    ResourceDocument r = docs.get(1);
    // Policy names are data and keep their case; the fields of a policy do not.
    assertThat(r.spec().toString())
        .isEqualTo("{\"policies\":{\"retries\":{\"Keep\":{\"maxRetries\":3}}}}");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void fieldsDaprDoesNotHaveAreWarningsWithFileLineAndTheClosestField() throws IOException {
    Path f =
        write(
            "c.yaml",
            "apiVersion: dapr.io/v1alpha1\n"
                + "kind: Component\n"
                + "metadata:\n"
                + "  name: store\n"
                + "spec:\n"
                + "  type: state.in-memory\n"
                + "  verion: v1\n"
                + "  metdata:\n"
                + "  - name: a\n"
                + "    value: b\n"
                + "  metadata:\n"
                + "  - name: c\n"
                + "    secretKeyRef: {nmae: s}\n"
                + "  colour: blue\n"
                + "auth:\n"
                + "  secretStore: a\n"
                + "  secretstore: b\n");
    Warnings warnings = new Warnings();
    ResourceDocument d = ResourceLoader.load(List.of(f), warnings).get(0);
    String owner = "component 'store' (" + f + ":1): field ";
    assertThat(warnings.list())
        .containsExactly(
            owner
                + "'spec.verion' ("
                + f
                + ":7) is unknown to Dapr and ignored; did you mean 'spec.version'?",
            owner
                + "'spec.metdata' ("
                + f
                + ":8) is unknown to Dapr and ignored; did you mean 'spec.metadata'?",
            owner
                + "'spec.metadata[0].secretKeyRef.nmae' ("
                + f
                + ":13) is unknown to Dapr and ignored; did you mean"
                + " 'spec.metadata[0].secretKeyRef.name'?",
            owner + "'spec.colour' (" + f + ":14) is unknown to Dapr and ignored",
            owner
                + "'auth.secretstore' ("
                + f
                + ":17) repeats field 'auth.secretStore'; the later one is used");
    assertThat(d.root().path("auth").path("secretStore").asText()).isEqualTo("b");
  }

  @Test
  void skipsOtherDocumentsWithAWarningAndSuggestsTheKindOfATypo() throws IOException {
    Path f =
        write(
            "k.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
                + "---\n"
                + "apiVersion: dapr.io/v1alpha1\nkind: MCPServer\nmetadata:\n  name: m\n"
                + "---\n"
                + "apiVersion: dapr.io/v1alpha1\nkind: component\nmetadata:\n  name: c\n");
    Warnings warnings = new Warnings();
    ConfigurationException e = catchConfig(() -> ResourceLoader.load(List.of(f), warnings));
    assertThat(e.problems())
        .containsExactly(
            f
                + ":12: field 'kind': unknown kind 'component'; expected one of Component,"
                + " Configuration, Resiliency, Subscription (did you mean Component?)");
    assertThat(warnings.list())
        .containsExactly(
            f + ":1: skipping Deployment with apiVersion 'apps/v1': not a Dapr resource",
            f + ":7: skipping MCPServer resource: not used by an in-process runtime");
  }

  @Test
  void unknownKindAndApiVersionNameFileLineAndField() throws IOException {
    Path f =
        write(
            "k.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Gadget\nmetadata:\n  name: g\n"
                + "---\n"
                + "apiVersion: dapr.io/v9\nkind: Component\nmetadata:\n  name: c\n");
    ConfigurationException e = catchConfig(() -> ResourceLoader.load(List.of(f), new Warnings()));
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
    assertThatThrownBy(() -> ResourceLoader.load(List.of(f), new Warnings()))
        .hasMessage(f + ":4: Component has no field 'metadata.name'");
  }

  @Test
  void skipsHttpEndpointAndRejectsMissingPath() throws IOException {
    Path f =
        write(
            "h.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: HTTPEndpoint\nmetadata:\n  name: h\n"
                + "spec:\n  baseUrl: http://localhost\n");
    assertThat(ResourceLoader.load(List.of(f), new Warnings())).isEmpty();
    assertThatThrownBy(() -> ResourceLoader.load(List.of(dir.resolve("missing")), new Warnings()))
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
