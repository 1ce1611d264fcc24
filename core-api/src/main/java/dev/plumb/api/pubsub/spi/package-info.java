/**
 * The provider SPI of pub/sub brokers: {@link PubSubComponent}, Dapr's component contract over raw
 * bytes (publish, optional native bulk publish, subscribe), where the component hands each message
 * to the runtime with an {@link Acknowledgement} and tells the broker it is done only when the
 * runtime acknowledges it. CloudEvents, scopes, routing, batching, dead-letter topics, concurrency
 * and resiliency are the runtime's.
 */
package dev.plumb.api.pubsub.spi;
