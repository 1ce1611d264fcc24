package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.PubSubMessage;

/**
 * One message handed over by a component, with the acknowledgement that settles it.
 *
 * @param message the message
 * @param ack settles it
 */
record Delivery(PubSubMessage message, Acknowledgement ack) {}
