package dev.plumb.state.postgresql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.actors.ActorConformanceKit;
import java.util.HashMap;
import java.util.Map;

/**
 * The actor conformance kit with one {@code state.postgresql} version as the actor state store (and
 * its native reminder table): one private table set per class, which the kit's per-scenario
 * application ids keep apart.
 */
abstract class PostgresqlActorConformance extends ActorConformanceKit {
  private static final Map<String, Map<String, String>> METADATA = new HashMap<>();
  private static final Map<String, TestComponentContext> CONTEXTS = new HashMap<>();
  private static final Map<String, StateComponent> RAW = new HashMap<>();
  private final String version;

  /**
   * @param version {@code v1} or {@code v2}
   */
  PostgresqlActorConformance(String version) {
    this.version = version;
  }

  static void open(String version) throws Exception {
    Map<String, String> md = PostgresqlTestSupport.metadata(version);
    TestComponentContext context =
        new TestComponentContext("raw", "state.postgresql", md).withVersion(version);
    METADATA.put(version, md);
    CONTEXTS.put(version, context);
    RAW.put(version, new PostgresqlStateProvider().create(context));
  }

  static void close(String version) throws Exception {
    RAW.remove(version).close();
    CONTEXTS.remove(version).close();
    PostgresqlTestSupport.drop(version, METADATA.remove(version));
  }

  @Override
  protected void addActorStateStore(Plumb.Builder builder) {
    Map<String, String> md = new HashMap<>(METADATA.get(version));
    md.put("actorStateStore", "true");
    builder.component("actorstore", "state.postgresql", version, md);
  }

  @Override
  protected StateComponent rawStore() {
    return RAW.get(version);
  }
}
