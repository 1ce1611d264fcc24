package dev.plumb.state.postgresql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The state conformance kit against one {@code state.postgresql} version, a fresh table per
 * scenario.
 */
abstract class PostgresqlStateConformance extends StateConformanceKit {
  private final String version;
  private final String badEtag;
  private Map<String, String> md;
  private TestComponentContext context;

  /**
   * @param version {@code v1} or {@code v2}
   * @param badEtag an etag of the version's own form that no row has
   */
  PostgresqlStateConformance(String version, String badEtag) {
    this.version = version;
    this.badEtag = badEtag;
  }

  @Override
  protected StateComponent createComponent() throws Exception {
    md = PostgresqlTestSupport.metadata(version);
    context =
        new TestComponentContext("pg-conformance", "state.postgresql", md).withVersion(version);
    return new PostgresqlStateProvider().create(context);
  }

  @Override
  protected String badEtag() {
    return badEtag;
  }

  @AfterEach
  void dropTables() throws Exception {
    if (component != null) {
      component.close();
    }
    if (context != null) {
      context.close();
    }
    if (md != null) {
      PostgresqlTestSupport.drop(version, md);
    }
  }
}
