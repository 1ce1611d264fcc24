package dev.plumb.spring;

import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;

/**
 * Hears the outcome of every event delivered to a {@link Topic} method, for tests and metrics.
 * Declare it as a bean. Called on the delivering thread after the method returns; it must not block
 * and must not throw (what it throws is logged and ignored).
 */
@FunctionalInterface
public interface DeliveryListener {

  /**
   * Hears one outcome.
   *
   * @param pubsub the pub/sub component's name
   * @param topic the topic
   * @param event the event's envelope
   * @param result the outcome; RETRY for a thrown exception
   * @param failure what the method threw, or {@code null}
   */
  void delivered(
      String pubsub, String topic, CloudEvent event, DeliveryResult result, Throwable failure);
}
