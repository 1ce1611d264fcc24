package dev.plumb.runtime.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.runtime.internal.secrets.SecretScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcesTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void parsesAComponentWithEveryKindOfMetadata() throws IOException {
    write(
        "redis.yaml",
        "apiVersion: dapr.io/v1alpha1\n"
            + "kind: Component\n"
            + "metadata:\n"
            + "  name: statestore\n"
            + "  namespace: prod\n"
            + "spec:\n"
            + "  type: state.redis\n"
            + "  version: v2\n"
            + "  initTimeout: 1m30s\n"
            + "  ignoreErrors: true\n"
            + "  metadata:\n"
            + "  - name: redisHost\n"
            + "    value: localhost:6379\n"
            + "  - name: redisDB\n"
            + "    value: 3\n"
            + "  - name: ratio\n"
            + "    value: 1.5\n"
            + "  - name: enableTLS\n"
            + "    value: false\n"
            + "  - name: redisPassword\n"
            + "    secretKeyRef:\n"
            + "      name: redis-secret\n"
            + "      key: password\n"
            + "  - name: user\n"
            + "    secretKeyRef:\n"
            + "      name: redis-user\n"
            + "  - name: fromEnv\n"
            + "    envRef: REDIS_X\n"
            + "  - name: empty\n"
            + "    value:\n"
            + "  - name: structured\n"
            + "    value: {a: 1}\n"
            + "auth:\n"
            + "  secretStore: localsecrets\n"
            + "scopes:\n"
            + "- app1\n");
    Resources r = Resources.load(List.of(dir), "app1", "", new Warnings());
    ComponentResource c = r.components().get(0);
    assertThat(c.name()).isEqualTo("statestore");
    assertThat(c.namespace()).isEqualTo("prod");
    assertThat(c.type()).isEqualTo("state.redis");
    assertThat(c.block()).isEqualTo("state");
    assertThat(c.version()).isEqualTo("v2");
    assertThat(c.initTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.ignoreErrors()).isTrue();
    assertThat(c.secretStore()).isEqualTo("localsecrets");
    assertThat(c.scopes()).containsExactly("app1");
    assertThat(c.typeLine()).isEqualTo(7);
    assertThat(c.where()).isEqualTo(dir.resolve("redis.yaml") + ":1");
    List<MetadataEntry> m = c.metadata();
    assertThat(m)
        .extracting(MetadataEntry::name, MetadataEntry::value, MetadataEntry::line)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("redisHost", "localhost:6379", 12),
            org.assertj.core.groups.Tuple.tuple("redisDB", "3", 14),
            org.assertj.core.groups.Tuple.tuple("ratio", "1.5", 16),
            org.assertj.core.groups.Tuple.tuple("enableTLS", "false", 18));
    assertThat(m.get(4).secretKeyRef())
        .isEqualTo(new MetadataEntry.SecretKeyRef("redis-secret", "password"));
    assertThat(m.get(5).secretKeyRef().keyOrName()).isEqualTo("redis-user");
    assertThat(m.get(6).envRef()).isEqualTo("REDIS_X");
    assertThat(m.get(7).value()).isEmpty();
    assertThat(m.get(8).value()).isEqualTo("{\"a\":1}");
  }

  @Test
  void defaultsVersionInitTimeoutAndIgnoreErrors() throws IOException {
    write("c.yaml", component("c", "lock.in-memory"));
    ComponentResource c =
        Resources.load(List.of(dir), "app", "", new Warnings()).components().get(0);
    assertThat(c.version()).isEqualTo("v1");
    assertThat(c.initTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.ignoreErrors()).isFalse();
    assertThat(c.secretStore()).isNull();
  }

  @Test
  void scopesExcludingTheAppHideEveryKind() throws IOException {
    write("a.yaml", component("mine", "lock.in-memory") + "scopes: [app1, app2]\n");
    write("b.yaml", component("theirs", "lock.in-memory") + "scopes: [other]\n");
    write(
        "c.yaml",
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: s\n"
            + "spec:\n  pubsubname: p\n  topic: t\n  routes:\n    default: /t\nscopes: [other]\n");
    write(
        "d.yaml",
        "apiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: r\n"
            + "spec: {}\nscopes: [other]\n");
    Resources r = Resources.load(List.of(dir), "app2", "", new Warnings());
    assertThat(r.components()).extracting(ComponentResource::name).containsExactly("mine");
    assertThat(r.subscriptions()).isEmpty();
    assertThat(r.resiliencies()).isEmpty();
  }

  @Test
  void namespaceFilterAppliesOnlyWhenBothAreSet() throws IOException {
    write(
        "a.yaml",
        "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  namespace: prod\n"
            + "spec:\n  type: lock.in-memory\n");
    write("b.yaml", component("b", "lock.in-memory"));
    assertThat(Resources.load(List.of(dir), "app", "dev", new Warnings()).components())
        .extracting(ComponentResource::name)
        .containsExactly("b");
    assertThat(Resources.load(List.of(dir), "app", "prod", new Warnings()).components()).hasSize(2);
    assertThat(Resources.load(List.of(dir), "app", "", new Warnings()).components()).hasSize(2);
  }

  @Test
  void missingTypeNamesFileLineAndField() throws IOException {
    Path f =
        write(
            "x.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n"
                + "  version: v1\n");
    assertThatThrownBy(() -> Resources.load(List.of(f), "app", "", new Warnings()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("component 'x' (" + f + ":1): field 'spec.type' is missing");
  }

  @Test
  void badMetadataEntriesNameFileLineAndField() throws IOException {
    Path f =
        write(
            "x.yaml",
            component("x", "lock.in-memory")
                + "  initTimeout: soon\n"
                + "  metadata:\n"
                + "  - value: 1\n"
                + "  - name: both\n"
                + "    value: 1\n"
                + "    envRef: X\n"
                + "  - name: ref\n"
                + "    secretKeyRef:\n"
                + "      key: k\n");
    ConfigurationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigurationException.class,
            () -> Resources.load(List.of(f), "app", "", new Warnings()));
    String at = "component 'x' (" + f + ":1): ";
    assertThat(e.problems())
        .containsExactly(
            at + "field 'spec.metadata[0].name' (" + f + ":9) is missing",
            at + "metadata 'both' (" + f + ":10): give only one of value, secretKeyRef and envRef",
            at + "metadata 'ref' (" + f + ":13): field 'secretKeyRef.name' is missing",
            at
                + "field 'spec.initTimeout' ("
                + f
                + ":7): expected a positive duration such as 5s, got 'soon'");
  }

  @Test
  void parsesSubscriptionsOfBothVersions() throws IOException {
    write(
        "s2.yaml",
        "apiVersion: dapr.io/v2alpha1\n"
            + "kind: Subscription\n"
            + "metadata:\n"
            + "  name: orders-sub\n"
            + "spec:\n"
            + "  pubsubname: pubsub\n"
            + "  topic: orders\n"
            + "  routes:\n"
            + "    rules:\n"
            + "    - match: event.type == \"widget\"\n"
            + "      path: /widgets\n"
            + "    - match: event.type == \"gadget\"\n"
            + "      path: /gadgets\n"
            + "    default: /orders\n"
            + "  deadLetterTopic: poison\n"
            + "  metadata:\n"
            + "    rawPayload: \"true\"\n"
            + "  bulkSubscribe:\n"
            + "    enabled: true\n"
            + "    maxMessagesCount: 50\n"
            + "scopes:\n"
            + "- app\n");
    write(
        "s1.yaml",
        "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: old\n"
            + "spec:\n  pubsubname: pubsub\n  topic: legacy\n  route: /legacy\n");
    Resources r = Resources.load(List.of(dir), "app", "", new Warnings());
    SubscriptionResource old = r.subscriptions().get(0);
    assertThat(old.topic()).isEqualTo("legacy");
    assertThat(old.defaultRoute()).isEqualTo("/legacy");
    assertThat(old.rules()).isEmpty();
    assertThat(old.bulkSubscribe()).isEqualTo(SubscriptionResource.BulkSubscribe.DISABLED);
    SubscriptionResource s = r.subscriptions().get(1);
    assertThat(s.name()).isEqualTo("orders-sub");
    assertThat(s.pubsubName()).isEqualTo("pubsub");
    assertThat(s.topic()).isEqualTo("orders");
    assertThat(s.rules())
        .containsExactly(
            new SubscriptionResource.Rule("event.type == \"widget\"", "/widgets"),
            new SubscriptionResource.Rule("event.type == \"gadget\"", "/gadgets"));
    assertThat(s.defaultRoute()).isEqualTo("/orders");
    assertThat(s.deadLetterTopic()).isEqualTo("poison");
    assertThat(s.metadata()).isEqualTo(Map.of("rawPayload", "true"));
    assertThat(s.bulkSubscribe()).isEqualTo(new SubscriptionResource.BulkSubscribe(true, 50, 1000));
    assertThat(s.scopes()).containsExactly("app");
  }

  @Test
  void subscriptionWithoutTopicIsAnError() throws IOException {
    Path f =
        write(
            "s.yaml",
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: s\n"
                + "spec:\n  pubsubname: p\n");
    assertThatThrownBy(() -> Resources.load(List.of(f), "app", "", new Warnings()))
        .hasMessage("subscription 's' (" + f + ":1): field 'spec.topic' is missing");
  }

  @Test
  void parsesConfigurationSecretScopesAndSamplingRate() throws IOException {
    write(
        "config.yaml",
        "apiVersion: dapr.io/v1alpha1\n"
            + "kind: Configuration\n"
            + "metadata:\n"
            + "  name: appconfig\n"
            + "spec:\n"
            + "  tracing:\n"
            + "    samplingRate: \"0.5\"\n"
            + "  secrets:\n"
            + "    scopes:\n"
            + "    - storeName: vault\n"
            + "      defaultAccess: deny\n"
            + "      allowedSecrets: [a, b]\n"
            + "    - storeName: local\n"
            + "      deniedSecrets: [c]\n"
            + "  features:\n"
            + "  - name: Actor.Reentrancy\n"
            + "    enabled: true\n");
    Resources r = Resources.load(List.of(dir), "app", "", new Warnings());
    ConfigurationResource c = r.configurations().get(0);
    assertThat(c.samplingRate().getAsDouble()).isEqualTo(0.5);
    assertThat(c.secretScopes())
        .containsExactly(
            new SecretScope("vault", false, Set.of("a", "b"), Set.of()),
            new SecretScope("local", true, Set.of(), Set.of("c")));
    assertThat(r.secretScopes()).containsOnlyKeys("vault", "local");
    assertThat(c.document().spec().path("features").get(0).path("name").asText())
        .isEqualTo("Actor.Reentrancy");
  }

  @Test
  void badConfigurationValuesNameFileLineAndField() throws IOException {
    Path f =
        write(
            "config.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: cfg\n"
                + "spec:\n  tracing:\n    samplingRate: lots\n  secrets:\n    scopes:\n"
                + "    - storeName: s\n      defaultAccess: maybe\n");
    ConfigurationException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigurationException.class,
            () -> Resources.load(List.of(f), "app", "", new Warnings()));
    assertThat(e.problems())
        .containsExactly(
            "configuration 'cfg' ("
                + f
                + ":1): field 'spec.secrets.scopes[]' ("
                + f
                + ":10): 'defaultAccess' must be allow or deny, got 'maybe'",
            "configuration 'cfg' ("
                + f
                + ":1): field 'spec.tracing.samplingRate' ("
                + f
                + ":7): expected a number between 0 and 1, got 'lots'");
  }

  static String component(String name, String type) {
    return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: "
        + name
        + "\nspec:\n  type: "
        + type
        + "\n";
  }
}
