/**
 * The provider SPI shared by every building block: {@link ComponentProvider}, found with
 * ServiceLoader, creates a component of one Dapr spec.type from a {@link ComponentContext}; {@link
 * ComponentMetadata} is the typed view of its spec.metadata that reports every problem at once;
 * {@link Durations} and {@link RequestMetadata} read Dapr's spellings of durations and request
 * metadata. What a component runs in the background is stopped with a {@link
 * dev.plumb.api.Subscription}.
 */
package dev.plumb.api.spi;
