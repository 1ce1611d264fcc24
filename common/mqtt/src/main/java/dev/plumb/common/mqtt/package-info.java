/**
 * What every MQTT provider shares: {@link dev.plumb.common.mqtt.MqttAddress} reads Dapr's {@code
 * url} into a Paho server URI and connection options.
 */
package dev.plumb.common.mqtt;
