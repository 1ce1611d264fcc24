package dev.plumb.api.state;

import dev.plumb.api.InvalidRequestException;

/** Dapr's concurrency models for writes. */
public enum Concurrency {
  /** Last write wins, unless an etag is given (the default). */
  LAST_WRITE("last-write"),
  /**
   * Without an etag, the write succeeds only if the key does not exist; with one, only if it
   * matches.
   */
  FIRST_WRITE("first-write");

  private final String daprName;

  Concurrency(String daprName) {
    this.daprName = daprName;
  }

  /**
   * Returns Dapr's spelling.
   *
   * @return {@code last-write} or {@code first-write}
   */
  public String daprName() {
    return daprName;
  }

  /**
   * Parses Dapr's spelling.
   *
   * @param value {@code first-write}, {@code last-write}, or {@code null}/empty for the default
   * @return the model
   * @throws InvalidRequestException for any other value
   */
  public static Concurrency fromDapr(String value) {
    if (value == null || value.isEmpty()) {
      return LAST_WRITE;
    }
    for (Concurrency c : values()) {
      if (c.daprName.equals(value)) {
        return c;
      }
    }
    throw new InvalidRequestException("unrecognized concurrency model '" + value + "'");
  }
}
