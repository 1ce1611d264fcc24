/**
 * Dapr's {@code bindings.kafka}: Kafka topics written by the output side ({@code create}) and read
 * by the input side through a consumer group, at least once, on kafka-clients with {@code
 * plumb-common-kafka}.
 */
package dev.plumb.bindings.kafka;
