/**
 * What every Kafka provider shares (Dapr's {@code common/component/kafka}): {@link
 * dev.plumb.common.kafka.KafkaSettings#read} reads Dapr's connection and authentication metadata
 * into kafka-clients properties, {@link dev.plumb.common.kafka.KafkaClientProperties} adds Dapr's
 * producer and consumer fields, and {@link dev.plumb.common.kafka.DaprPartitioner} puts a keyed
 * record on the partition a Dapr (Sarama) publisher would.
 */
package dev.plumb.common.kafka;
