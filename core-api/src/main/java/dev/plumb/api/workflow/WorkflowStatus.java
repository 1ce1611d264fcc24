package dev.plumb.api.workflow;

/** An instance's runtime status, with Dapr's numbers. */
public enum WorkflowStatus {
  /** Running: started and not finished. */
  RUNNING(0),
  /** Completed with an output. */
  COMPLETED(1),
  /** Ended a run with continue-as-new; the next run starts at once. */
  CONTINUED_AS_NEW(2),
  /** Failed with failure details. */
  FAILED(3),
  /** Canceled. */
  CANCELED(4),
  /** Terminated through {@link Workflows#terminate}. */
  TERMINATED(5),
  /** Scheduled and not started yet. */
  PENDING(6),
  /** Suspended through {@link Workflows#suspend}; events are held until it resumes. */
  SUSPENDED(7),
  /**
   * Stalled: its code no longer matches its history (or its version is missing); see the reason.
   */
  STALLED(8);

  private final int code;

  WorkflowStatus(int code) {
    this.code = code;
  }

  /**
   * Returns Dapr's number of this status.
   *
   * @return the number
   */
  public int code() {
    return code;
  }

  /**
   * Tells whether an instance with this status is finished: completed, failed, canceled or
   * terminated.
   *
   * @return true if finished
   */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED || this == TERMINATED;
  }

  /**
   * Returns the status of a Dapr number.
   *
   * @param code the number
   * @return the status
   * @throws IllegalArgumentException if no status has that number
   */
  public static WorkflowStatus ofCode(int code) {
    for (WorkflowStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("no workflow status has the number " + code);
  }
}
