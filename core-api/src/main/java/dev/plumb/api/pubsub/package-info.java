/**
 * The publish/subscribe building block as the application sees it: {@link PubSub} publishes events
 * wrapped in CloudEvents 1.0 envelopes (or raw), singly or in bulk, and subscribes {@link
 * TopicHandler} or {@link BulkTopicHandler} callbacks that answer each event with a {@link
 * DeliveryResult}, with Dapr's at-least-once semantics, dead-letter topics and TTLs.
 */
package dev.plumb.api.pubsub;
