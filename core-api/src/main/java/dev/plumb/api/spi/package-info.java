/**
 * The provider SPI shared by every building block: {@link ComponentProvider}, found with
 * ServiceLoader, creates a component of one Dapr spec.type from a {@link ComponentContext}; {@link
 * ComponentMetadata} is the typed view of its spec.metadata that reports every problem at once;
 * {@link DaprValues} and {@link RequestMetadata} read Dapr's spellings of values and request
 * metadata; {@link Scheduler} runs timed work on the runtime's clock. What a component runs in the
 * background is stopped with a {@link dev.plumb.api.Subscription}.
 */
package dev.plumb.api.spi;
