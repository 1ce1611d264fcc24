package dev.plumb.api.pubsub;

/**
 * What a subscriber did with a delivered event, with Dapr's statuses. Throwing from a handler
 * counts as {@link #RETRY}.
 */
public enum DeliveryResult {
  /** Processed: the event is acknowledged (gRPC status 0). */
  SUCCESS,
  /**
   * Not processed, try again: the event is redelivered, under the subscription's resiliency policy,
   * or sent to the dead-letter topic once retries are exhausted (gRPC status 1).
   */
  RETRY,
  /**
   * Not processed and never will be: the event is acknowledged without redelivery and sent to the
   * dead-letter topic if one is configured (gRPC status 2).
   */
  DROP;

  /**
   * Returns Dapr's numeric status, as in gRPC's {@code TopicEventResponse}.
   *
   * @return 0, 1 or 2
   */
  public int code() {
    return ordinal();
  }

  /**
   * Parses the {@code status} an app returns for a single delivery, as Dapr does: {@code SUCCESS},
   * {@code RETRY} and {@code DROP} exactly (upper case); an empty or missing status is success; any
   * other value is retried.
   *
   * @param status the app's status, or {@code null}
   * @return the result; never {@code null}
   */
  public static DeliveryResult fromDapr(String status) {
    if (status == null || status.isEmpty()) {
      return SUCCESS;
    }
    return parse(status);
  }

  /**
   * Parses the {@code status} of one entry of a bulk delivery, as Dapr does: {@code SUCCESS},
   * {@code RETRY} and {@code DROP} exactly; unlike a single delivery, an empty or missing status is
   * retried, as is any other value.
   *
   * @param status the entry's status, or {@code null}
   * @return the result; never {@code null}
   */
  public static DeliveryResult fromDaprBulk(String status) {
    if (status == null || status.isEmpty()) {
      return RETRY;
    }
    return parse(status);
  }

  private static DeliveryResult parse(String status) {
    switch (status) {
      case "SUCCESS":
        return SUCCESS;
      case "DROP":
        return DROP;
      default:
        return RETRY;
    }
  }
}
