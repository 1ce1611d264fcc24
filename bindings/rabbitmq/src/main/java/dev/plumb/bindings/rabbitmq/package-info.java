/**
 * Dapr's {@code bindings.rabbitmq}: one queue written by the output side ({@code create}) and read
 * by the input side, with Dapr's metadata, on the RabbitMQ Java client.
 */
package dev.plumb.bindings.rabbitmq;
