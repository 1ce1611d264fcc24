package dev.plumb.api.pubsub.spi;

import java.time.Duration;

/**
 * How the runtime settles one message a component delivered: implemented by the component, called
 * by the runtime once the message's fate is known. The runtime calls {@link #ack()} or {@link
 * #nack(Duration)} at most once per delivery, from any runtime thread, never while holding a lock
 * of the component; a message the runtime did not process before its subscription closed is never
 * settled: the component gives it back (leaves it unacknowledged) so the broker delivers it again.
 *
 * <p>Implementations must be thread-safe and return quickly: record the outcome and let the
 * component's own loop talk to the broker (commit offsets, {@code XACK} in batches), or do one
 * short call.
 */
public interface Acknowledgement {

  /**
   * The runtime is done with the message (processed, dropped, expired, or published to the
   * dead-letter topic): it must never be delivered again to this consumer group.
   */
  void ack();

  /**
   * The runtime did not process the message: the broker must deliver it again, no sooner than
   * {@code redeliveryDelay}, to this subscription or to another member of its consumer group. A
   * broker that redelivers on its own schedule (such as a visibility or processing timeout) may
   * wait longer.
   *
   * @param redeliveryDelay the shortest wait before the next delivery; not negative
   */
  void nack(Duration redeliveryDelay);

  /**
   * Tells whether the component took the message back before it was processed, for instance because
   * its partition was assigned to another consumer. The runtime checks it before it starts
   * processing the message (and before each redelivery it holds back) and skips a revoked message
   * without settling it. The default says never.
   *
   * @return {@code true} once the message must no longer be processed here
   */
  default boolean revoked() {
    return false;
  }
}
