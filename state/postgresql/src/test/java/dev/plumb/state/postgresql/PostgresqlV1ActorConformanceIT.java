package dev.plumb.state.postgresql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The actor conformance kit on {@code state.postgresql} v1. */
class PostgresqlV1ActorConformanceIT extends PostgresqlActorConformance {
  PostgresqlV1ActorConformanceIT() {
    super("v1");
  }

  @BeforeAll
  static void start() throws Exception {
    open("v1");
  }

  @AfterAll
  static void stop() throws Exception {
    close("v1");
  }
}
