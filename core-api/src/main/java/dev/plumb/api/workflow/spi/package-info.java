/**
 * The workflow engine's storage SPI: {@link dev.plumb.api.workflow.spi.WorkflowStore} keeps each
 * instance's metadata, its event-sourced history and its due work (activities to run, durable
 * timers, messages between instances), and commits every step of an instance atomically, fenced by
 * a row version and an ownership epoch. A state component that stores workflows natively implements
 * it besides its state SPI; the engine otherwise uses a generic implementation on the actor state
 * store, or memory. {@link dev.plumb.api.workflow.spi.WorkflowBinaryCodec} is the binary form in
 * which native stores keep events, work items and records.
 */
package dev.plumb.api.workflow.spi;
