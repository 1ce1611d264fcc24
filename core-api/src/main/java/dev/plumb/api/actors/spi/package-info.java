/**
 * The SPI of the actor engine: {@link dev.plumb.api.actors.spi.ReminderStore}, the capability a
 * state component implements to store reminders natively, and {@link
 * dev.plumb.api.actors.spi.ActorPlacement}, which puts actors and reminder partitions on the
 * members of an application.
 */
package dev.plumb.api.actors.spi;
