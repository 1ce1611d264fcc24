/**
 * The virtual actor building block as the application sees it: {@link dev.plumb.api.actors.Actors}
 * gives typed proxies to actors declared as plain interfaces and implemented as plain objects
 * ({@link dev.plumb.api.actors.ActorType}, built by an {@link dev.plumb.api.actors.ActorFactory}
 * with an {@link dev.plumb.api.actors.ActorContext}), with Dapr's semantics: activation on demand,
 * one turn at a time, transactional state, timers, durable reminders on a {@link
 * dev.plumb.api.actors.Schedule}, idle deactivation. The engine is the {@code plumb-actors} module.
 */
package dev.plumb.api.actors;
