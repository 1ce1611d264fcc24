package dev.plumb.state.postgresql;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The state conformance kit against {@code state.postgresql} v1, one fresh table per scenario. */
class PostgresqlV1StateConformanceIT extends StateConformanceKit {
  private Map<String, String> md;
  private TestComponentContext context;

  @Override
  protected StateComponent createComponent() throws Exception {
    md = PgTestSupport.metadata("v1");
    context = new TestComponentContext("pg-conformance", "state.postgresql", md).withVersion("v1");
    return new PostgresqlStateProvider().create(context);
  }

  @Override
  protected String badEtag() {
    return "1";
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
      PgTestSupport.drop("v1", md);
    }
  }
}
