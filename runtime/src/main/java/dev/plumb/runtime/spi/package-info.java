/**
 * The runtime's published SPI, through which an engine module such as {@code plumb-actors} or
 * {@code plumb-workflow} plugs into a {@code Plumb} instance: {@link PlumbModule}, found with
 * {@link java.util.ServiceLoader}, creates one {@link Engine} per instance from an {@link
 * EngineContext} carrying the runtime's services (components and their {@link Invoker}s, clock,
 * scheduler, executors, serializer, telemetry, loaded {@link Document}s). Engines and providers use
 * this package and {@code plumb-core-api}, never {@code dev.plumb.runtime.internal}.
 */
package dev.plumb.runtime.spi;
