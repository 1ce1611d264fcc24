package dev.plumb.state.azure.tablestorage;

import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableServiceException;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the state conformance kit against {@code state.azure.tablestorage} on Azurite, each scenario
 * on its own random table, as Dapr's {@code tests/config/state/tests.yml} configures it: etag and
 * first-write (no transaction, no TTL), with Dapr's Azure-format {@code badEtag}.
 */
class AzureTableStateConformanceIT extends StateConformanceKit {
  private static Azurite azurite;
  private static TableServiceClient raw;

  private final List<TestComponentContext> contexts = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = Azurite.startInMemory();
    raw = azurite.client();
  }

  @AfterAll
  static void stopAzurite() {
    azurite.close();
  }

  @Override
  protected StateComponent createComponent() throws Exception {
    Map<String, String> md = azurite.metadata();
    tables.add(md.get("tableName"));
    TestComponentContext context =
        new TestComponentContext("statestore", AzureTableStateProvider.TYPE, md);
    contexts.add(context);
    return new AzureTableStateProvider().create(context);
  }

  @Override
  protected String badEtag() {
    return "W/\"datetime'2023-05-09T12%3A28%3A54.1442151Z'\"";
  }

  @AfterEach
  void dropTables() {
    contexts.forEach(TestComponentContext::close);
    for (String t : tables) {
      try {
        raw.deleteTable(t);
      } catch (TableServiceException alreadyGone) {
        // the scenario failed before creating it
      }
    }
  }
}
