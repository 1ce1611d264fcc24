/**
 * The provider SPI of pub/sub brokers: {@link PubSubComponent}, Dapr's component contract over raw
 * bytes (publish, optional bulk publish, subscribe, optional bulk subscribe), where a handler that
 * returns acknowledges a message and one that throws has it redelivered. CloudEvents, scopes,
 * routing, dead-letter topics and resiliency are the runtime's.
 */
package dev.plumb.api.pubsub.spi;
