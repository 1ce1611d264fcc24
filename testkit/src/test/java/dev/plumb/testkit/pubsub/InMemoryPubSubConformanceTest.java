package dev.plumb.testkit.pubsub;

import java.util.Map;

/** Runs the pub/sub conformance kit against {@code pubsub.in-memory}. */
class InMemoryPubSubConformanceTest extends PubSubConformanceKit {

  @Override
  protected String type() {
    return "pubsub.in-memory";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of();
  }

  @Override
  protected boolean ordersByKey() {
    return true;
  }
}
