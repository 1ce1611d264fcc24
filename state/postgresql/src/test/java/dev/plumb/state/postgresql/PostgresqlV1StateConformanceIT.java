package dev.plumb.state.postgresql;

import dev.plumb.api.state.ETagInvalidException;

/** The state conformance kit against {@code state.postgresql} v1 (etags are {@code xmin}). */
class PostgresqlV1StateConformanceIT extends PostgresqlStateConformance {
  PostgresqlV1StateConformanceIT() {
    super("v1", "1");
  }

  /** Dapr's v1 reports an etag that is not a transaction id as invalid. */
  @Override
  protected Class<? extends Exception> malformedEtagIs() {
    return ETagInvalidException.class;
  }
}
