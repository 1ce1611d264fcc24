/**
 * Dapr's {@code pubsub.rabbitmq}: an exchange per topic, a queue per consumer group and topic,
 * publisher confirms and acknowledgement after processing, on the RabbitMQ Java client.
 */
package dev.plumb.pubsub.rabbitmq;
