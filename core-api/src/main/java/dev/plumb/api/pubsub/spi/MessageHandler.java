package dev.plumb.api.pubsub.spi;

/**
 * The runtime's callback for a component's subscription: the component hands over each message with
 * the {@link Acknowledgement} that settles it, and the runtime's dispatcher processes it on its own
 * threads (envelope, routing, TTL, the application's handler under the inbound resiliency policy,
 * dead-letter topic) and then acknowledges or negatively acknowledges it.
 *
 * <p>{@link #handle} never runs application code and never blocks: it queues the message and
 * returns, so a broker's I/O thread may call it. Flow control is the component's: it hands over at
 * most {@link SubscribeRequest#maxInFlight()} messages that are not settled yet and stops fetching
 * until the runtime settles some. Messages that carry the same {@link PubSubMessage#orderingKey()}
 * are processed one after the other in the order handed over; a component sets one where its broker
 * promises order (a Kafka partition or record key).
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * Hands one message to the runtime. Thread-safe; returns at once.
   *
   * @param message the message as it came from the broker
   * @param acknowledgement settles the message once the runtime is done with it
   */
  void handle(PubSubMessage message, Acknowledgement acknowledgement);
}
