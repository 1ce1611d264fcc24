package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the state conformance kit against {@code state.aws.dynamodb} on an in-process DynamoDB
 * Local, each scenario on its own table, with {@code ttlAttributeName} set (Dapr's terraform
 * configuration: transaction, etag, first-write, ttl) and expiry on a {@link TestClock}.
 */
class DynamoDbStateConformanceIT extends StateConformanceKit {
  static DynamoDbLocal local;

  private final TestClock clock = TestClock.start();
  private final List<TestComponentContext> contexts = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @BeforeAll
  static void startDynamoDbLocal() throws Exception {
    local = DynamoDbLocal.startInMemory();
  }

  @AfterAll
  static void stopDynamoDbLocal() {
    local.close();
  }

  /** Metadata for this configuration; a fresh table each call. */
  Map<String, String> metadata() {
    Map<String, String> md = local.metadata();
    md.put("ttlAttributeName", "expiresAt");
    return md;
  }

  @Override
  protected StateComponent createComponent() throws Exception {
    Map<String, String> md = metadata();
    tables.add(md.get("table"));
    TestComponentContext context =
        new TestComponentContext("statestore", DynamoDbStateProvider.TYPE, md).withClock(clock);
    contexts.add(context);
    return new DynamoDbStateProvider().create(context);
  }

  @Override
  protected void advanceTime(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @AfterEach
  void dropTables() {
    contexts.forEach(TestComponentContext::close);
    try (var client = local.client()) {
      for (String t : tables) {
        client.deleteTable(b -> b.tableName(t));
      }
    }
  }
}
