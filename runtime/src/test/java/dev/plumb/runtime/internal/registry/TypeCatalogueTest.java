package dev.plumb.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.runtime.internal.resources.ComponentResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The message for a component no provider serves, one shape per reason; unread-field warnings. */
class TypeCatalogueTest {
  private final ProviderIndex classpath =
      ProviderIndex.discover(getClass().getClassLoader(), List.of());

  private static ComponentResource component(String type, String version) {
    return ComponentResource.inCode("c", type, version, Map.of());
  }

  private TypeCatalogue.Missing missing(String type, String version) {
    return TypeCatalogue.get().missing(component(type, version), classpath);
  }

  @Test
  void aPlumbTypeWhoseArtifactIsMissingNamesTheArtifact() {
    assertThat(missing("state.redis", "v1"))
        .isEqualTo(
            new TypeCatalogue.Missing(
                "component 'c' (built in code): no provider for type 'state.redis' v1 on the"
                    + " classpath; add dev.plumb:plumb-state-redis",
                false));
    assertThat(missing("State.PostgreSQL", "v2").message())
        .endsWith(
            "no provider for type 'State.PostgreSQL' v2 on the classpath; add"
                + " dev.plumb:plumb-state-postgresql");
  }

  @Test
  void aTypeOnTheClasspathInAnotherVersionListsTheVersions() {
    assertThat(missing("lock.in-memory", "v2").message())
        .isEqualTo(
            "component 'c' (built in code): no provider for type 'lock.in-memory' v2 on the"
                + " classpath; versions available: v1");
  }

  @Test
  void aDaprTypePlumbLacksIsNotSupportedYetAndMayBeSkipped() {
    assertThat(missing("pubsub.rabbitmq", "v1"))
        .isEqualTo(
            new TypeCatalogue.Missing(
                "component 'c' (built in code): type 'pubsub.rabbitmq' is a Dapr component type that"
                    + " Plumb does not support yet; remove the component, set spec.ignoreErrors:"
                    + " true, or build with Plumb.builder().skipUnsupportedComponents() to skip it"
                    + " with a warning",
                true));
    assertThat(missing("configuration.azure.appconfig", "v1").unsupported()).isTrue();
    // Dapr's other name for a type Plumb has.
    assertThat(missing("state.postgres", "v1").message())
        .isEqualTo(
            "component 'c' (built in code): type 'state.postgres' is a Dapr component type that"
                + " Plumb does not support yet (Plumb has 'state.postgresql'); remove the"
                + " component, set spec.ignoreErrors: true, or build with"
                + " Plumb.builder().skipUnsupportedComponents() to skip it with a warning");
  }

  @Test
  void aTypoSuggestsTheClosestType() {
    assertThat(missing("state.rediss", "v1"))
        .isEqualTo(
            new TypeCatalogue.Missing(
                "component 'c' (built in code): unknown type 'state.rediss'; did you mean"
                    + " 'state.redis'?",
                false));
    assertThat(missing("pubsub.rabitmq", "v1").message())
        .isEqualTo(
            "component 'c' (built in code): unknown type 'pubsub.rabitmq'; did you mean"
                + " 'pubsub.rabbitmq' (a Dapr type that Plumb does not support yet)?");
  }

  @Test
  void aTypeNobodyKnowsSaysSo() {
    assertThat(missing("acme.widget", "v1").message())
        .isEqualTo(
            "component 'c' (built in code): unknown type 'acme.widget': neither Plumb nor Dapr has"
                + " a component of that type; check spec.type, or put the artifact of its"
                + " provider on the classpath");
  }

  @Test
  void anUnreadDaprFieldIsUnsupportedAndAnyOtherALikelyTypo() {
    TypeCatalogue catalogue = TypeCatalogue.get();
    assertThat(catalogue.unreadField(component("state.redis", "v1"), "queryIndexes", 0))
        .isEqualTo(
            "component 'c' (built in code): metadata field 'queryIndexes' is a Dapr field that"
                + " Plumb's provider of 'state.redis' does not support; it is ignored");
    assertThat(catalogue.unreadField(component("state.redis", "v1"), "redisHots", 0))
        .isEqualTo(
            "component 'c' (built in code): metadata field 'redisHots' is not used by type"
                + " 'state.redis'; check its spelling (did you mean 'redisHost'?)");
    assertThat(catalogue.unreadField(component("lock.in-memory", "v1"), "ttl", 0))
        .isEqualTo(
            "component 'c' (built in code): metadata field 'ttl' is not used by type"
                + " 'lock.in-memory'; check its spelling");
  }
}
