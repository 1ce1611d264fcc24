/**
 * What every RabbitMQ provider shares: {@link dev.plumb.common.rabbitmq.RabbitMqConnections} turns
 * an {@code amqp://} or {@code amqps://} address and Dapr's TLS fields into a connection factory
 * that recovers connections, channels and consumers after a broker restart.
 */
package dev.plumb.common.rabbitmq;
