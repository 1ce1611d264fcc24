/**
 * Dapr's {@code bindings.mqtt3}: a topic published by the output side ({@code create}) and
 * subscribed by the input side, at QoS 1, on Eclipse Paho.
 */
package dev.plumb.bindings.mqtt3;
