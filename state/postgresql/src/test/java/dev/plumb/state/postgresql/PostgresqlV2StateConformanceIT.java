package dev.plumb.state.postgresql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The state conformance kit against {@code state.postgresql} v2, one fresh table per scenario. */
class PostgresqlV2StateConformanceIT extends StateConformanceKit {
  private Map<String, String> md;
  private TestComponentContext context;

  @Override
  protected StateComponent createComponent() throws Exception {
    md = PgTestSupport.metadata("v2");
    context = new TestComponentContext("pg-conformance", "state.postgresql", md).withVersion("v2");
    return new PostgresqlStateProvider().create(context);
  }

  @Override
  protected String badEtag() {
    return "e9b9e142-74b1-4a2e-8e90-3f4ffeea2e70";
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
      PgTestSupport.drop("v2", md);
    }
  }
}
