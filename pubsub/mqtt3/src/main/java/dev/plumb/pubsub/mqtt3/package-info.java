/**
 * Dapr's {@code pubsub.mqtt3}: MQTT 3.1.1 topics at QoS 0, 1 or 2, the {@code consumerID} as the
 * client id of a persistent session, shared subscriptions, on Eclipse Paho.
 */
package dev.plumb.pubsub.mqtt3;
