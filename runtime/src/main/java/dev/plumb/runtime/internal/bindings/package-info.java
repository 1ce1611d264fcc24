/**
 * The bindings block's facades: {@link dev.plumb.runtime.internal.bindings.DefaultOutputBinding}
 * invokes output bindings, {@link dev.plumb.runtime.internal.bindings.DefaultInputBinding} opens
 * input bindings in the start phase and hands their events to the application's handler through a
 * bounded dispatcher, and Dapr's {@code direction} decides which of the two a component serves.
 *
 * <p>Internal to {@code plumb-runtime}: not an API. Anything here may change or disappear in any
 * release; providers and engines use {@code dev.plumb.api} and {@code dev.plumb.runtime.spi}.
 */
package dev.plumb.runtime.internal.bindings;
