package dev.plumb.state.postgresql;

/** The state conformance kit against {@code state.postgresql} v2 (etags are UUIDs). */
class PostgresqlV2StateConformanceIT extends PostgresqlStateConformance {
  PostgresqlV2StateConformanceIT() {
    super("v2", "e9b9e142-74b1-4a2e-8e90-3f4ffeea2e70");
  }
}
