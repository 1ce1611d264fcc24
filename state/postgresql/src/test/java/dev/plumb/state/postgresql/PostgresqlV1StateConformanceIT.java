package dev.plumb.state.postgresql;

/** The state conformance kit against {@code state.postgresql} v1 (etags are {@code xmin}). */
class PostgresqlV1StateConformanceIT extends PostgresqlStateConformance {
  PostgresqlV1StateConformanceIT() {
    super("v1", "1");
  }
}
