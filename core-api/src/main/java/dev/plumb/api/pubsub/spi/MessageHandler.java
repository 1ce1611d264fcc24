package dev.plumb.api.pubsub.spi;

/**
 * The runtime's callback for a component's subscription: contrib's {@code pubsub.Handler}.
 * Returning normally means the message is done with (processed, dropped or sent to a dead-letter
 * topic): acknowledge it. Throwing means it must be redelivered: nack it, or leave it
 * unacknowledged, as the broker allows. Components without redelivery log the exception.
 *
 * <p>The runtime's handler blocks until the app has handled the message; components may call it
 * from several threads at once, and must call it sequentially where they promise order.
 */
@FunctionalInterface
public interface MessageHandler {

  /**
   * Hands one message to the runtime.
   *
   * @param message the message as it came from the broker
   * @throws Exception if the message must be redelivered
   */
  void handle(PubSubMessage message) throws Exception;
}
