package dev.plumb.api.state;

import dev.plumb.api.InvalidRequestException;

/** Dapr's consistency models for reads and writes; stores without the distinction ignore it. */
public enum Consistency {
  /** The store may answer from a replica (the default). */
  EVENTUAL("eventual"),
  /** The store answers only after a quorum agrees. */
  STRONG("strong");

  private final String daprName;

  Consistency(String daprName) {
    this.daprName = daprName;
  }

  /**
   * Returns Dapr's spelling.
   *
   * @return {@code eventual} or {@code strong}
   */
  public String daprName() {
    return daprName;
  }

  /**
   * Parses Dapr's spelling.
   *
   * @param value {@code strong}, {@code eventual}, or {@code null}/empty for the default
   * @return the model
   * @throws InvalidRequestException for any other value
   */
  public static Consistency fromDapr(String value) {
    if (value == null || value.isEmpty()) {
      return EVENTUAL;
    }
    for (Consistency c : values()) {
      if (c.daprName.equals(value)) {
        return c;
      }
    }
    throw new InvalidRequestException("unrecognized consistency model '" + value + "'");
  }
}
