package dev.plumb.state.postgresql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The actor conformance kit on {@code state.postgresql} v2. */
class PostgresqlV2ActorConformanceIT extends PostgresqlActorConformance {
  PostgresqlV2ActorConformanceIT() {
    super("v2");
  }

  @BeforeAll
  static void start() throws Exception {
    open("v2");
  }

  @AfterAll
  static void stop() throws Exception {
    close("v2");
  }
}
