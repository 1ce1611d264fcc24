package dev.plumb.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.runtime.Plumb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Camel bridge through Plumb: one shared context, request/reply, properties and secrets. */
class CamelBindingTest {

  @Test
  void twoBindingsShareOneContextSoAnOutputCanCallAnInputsRoute() {
    List<BindingEvent> seen = new CopyOnWriteArrayList<>();
    try (Plumb plumb =
        Plumb.builder()
            .component("greeter", "bindings.camel", Map.of("inputUri", "direct:greet"))
            .component("client", "bindings.camel", Map.of("uri", "direct:greet"))
            .build()) {
      plumb
          .inputBinding("greeter")
          .subscribe(
              e -> {
                seen.add(e);
                return "hello " + e.dataAsString();
              });
      BindingResponse r =
          plumb.outputBinding("client").invoke("create", "ada", Map.of("X-Tenant", "acme"));
      assertThat(r.dataAsString()).isEqualTo("hello ada");
      assertThat(r.metadata()).containsEntry("X-Tenant", "acme");
    }
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).metadata())
        .containsEntry("X-Tenant", "acme")
        .containsEntry(CamelBindingComponent.OPERATION_HEADER, "create");
  }

  @Test
  void aHandlersFailureFailsTheExchangeAndReachesTheCaller() {
    try (Plumb plumb =
        Plumb.builder()
            .component("worker", "bindings.camel", Map.of("inputUri", "direct:work"))
            .component("client", "bindings.camel", Map.of("uri", "direct:work"))
            .build()) {
      plumb
          .inputBinding("worker")
          .subscribe(
              e -> {
                throw new IllegalStateException("cannot work today");
              });
      assertThatThrownBy(() -> plumb.outputBinding("client").invoke("create", "job"))
          .isInstanceOf(ComponentException.class)
          .hasMessage("component 'worker' (bindings.camel): handler failed: cannot work today");
    }
  }

  @Test
  void operationsHaveTheirOwnEndpointsAndPatterns() {
    try (Plumb plumb =
        Plumb.builder()
            .component(
                "queue",
                "bindings.camel",
                Map.of(
                    "operations", "create,get",
                    "uri", "seda:jobs",
                    "exchangePattern", "InOnly",
                    "operation.get.exchangePattern", "Poll",
                    "pollTimeout", "100ms"))
            .build()) {
      var queue = plumb.outputBinding("queue");
      assertThat(queue.operations()).containsExactlyInAnyOrder("create", "get");
      assertThat(queue.invoke("create", "first").data()).isNull();
      queue.invoke("create", "second");
      assertThat(queue.invoke("get", null).dataAsString()).isEqualTo("first");
      assertThat(queue.invoke("get", null).dataAsString()).isEqualTo("second");
      assertThat(queue.invoke("get", null).data()).as("empty queue").isNull();
    }
  }

  @Test
  void camelPropertiesComeFromMetadataAndSecretStoresAndSetComponentOptions(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("secrets.json"), "{\"queue-name\": \"hidden-queue\"}");
    Files.writeString(
        dir.resolve("components.yaml"),
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: vault
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: %s
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: jobs
        spec:
          type: bindings.camel
          version: v1
          metadata:
          - name: uri
            value: "seda:{{camel.queue}}"
          - name: inputUri
            value: "seda:{{camel.queue}}"
          - name: exchangePattern
            value: InOnly
          - name: camel.queue
            secretKeyRef:
              name: queue-name
              key: queue-name
          - name: camel.component.seda.queueSize
            value: "5"
        auth:
          secretStore: vault
        """
            .formatted(dir.resolve("secrets.json")));
    List<String> got = new CopyOnWriteArrayList<>();
    try (Plumb plumb = Plumb.builder().resources(dir).build()) {
      plumb
          .inputBinding("jobs")
          .subscribe(
              e -> {
                got.add(e.dataAsString());
                return null;
              });
      plumb.outputBinding("jobs").invoke("create", "through a secret queue name");
      await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
      assertThat(plumb.toString()).doesNotContain("hidden-queue");
      assertThat(plumb.warnings()).noneMatch(w -> w.contains("hidden-queue"));
    }
    assertThat(got).containsExactly("through a secret queue name");
  }

  @Test
  void badMetadataAndUnresolvableEndpointsFailTheBuild() {
    assertBuildFails(Map.of(), "metadata 'uri' or 'inputUri' is required");
    assertBuildFails(
        Map.of("uri", "nosuchscheme:x"), "the endpoint of operation 'create' does not resolve");
    assertBuildFails(
        Map.of("uri", "seda:a", "exchangePattern", "Sometimes"),
        "metadata 'exchangePattern' must be InOnly or InOut, got 'Sometimes'");
    assertBuildFails(
        Map.of("operations", "create,list", "operation.create.uri", "seda:a"),
        "operation 'list' has no endpoint");
    assertBuildFails(
        Map.of("uri", "seda:a", "camel.component.seda.noSuchOption", "1"),
        "metadata 'camel.component.seda.noSuchOption' is not an option of Camel's seda component");
    assertBuildFails(
        Map.of("uri", "seda:a", "camel.component.kafka.brokers", "x"),
        "no Camel component 'kafka' on the class path; add org.apache.camel:camel-kafka");
  }

  @Test
  void twoBindingsMayNotGiveOnePropertyTwoValues() {
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component("a", "bindings.camel", Map.of("uri", "seda:a", "camel.x", "1"))
                    .component("b", "bindings.camel", Map.of("uri", "seda:b", "camel.x", "2"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'camel.x' differs from the value component 'a'");
  }

  private static void assertBuildFails(Map<String, String> md, String message) {
    assertThatThrownBy(() -> Plumb.builder().component("c", "bindings.camel", md).build())
        .as(md.toString())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message);
  }
}
