/**
 * The virtual actor engine behind {@code plumb.actors()}: {@link dev.plumb.actors.ActorsModule}
 * plugs it into {@code Plumb} through the runtime SPI. Everything else in this package is internal
 * (package-private): turns under a per-actor lock on the caller's thread, the state cache saved in
 * one transaction per turn, timers, durable reminders loaded ahead from a {@link
 * dev.plumb.api.actors.spi.ReminderStore} into an in-memory wheel, idle deactivation and drain.
 */
package dev.plumb.actors;
