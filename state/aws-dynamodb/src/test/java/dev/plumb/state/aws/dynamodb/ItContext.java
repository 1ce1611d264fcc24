package dev.plumb.state.aws.dynamodb;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A component context for the tests: plain metadata, a given clock, a private scheduler. */
final class ItContext implements ComponentContext, AutoCloseable {
  private final Map<String, String> values;
  private final ComponentMetadata metadata;
  private final Clock clock;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "it-scheduler");
            t.setDaemon(true);
            return t;
          });

  ItContext(Map<String, String> values, Clock clock) {
    this.values = values;
    this.metadata =
        ComponentMetadata.of("component 'statestore' (state.aws.dynamodb, test)", values);
    this.clock = clock;
  }

  Map<String, String> values() {
    return values;
  }

  @Override
  public String name() {
    return "statestore";
  }

  @Override
  public String type() {
    return DynamoDbStateProvider.TYPE;
  }

  @Override
  public String version() {
    return "v1";
  }

  @Override
  public String appId() {
    return "it";
  }

  @Override
  public ComponentMetadata metadata() {
    return metadata;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
