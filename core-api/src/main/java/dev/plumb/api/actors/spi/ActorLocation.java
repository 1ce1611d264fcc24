package dev.plumb.api.actors.spi;

import java.util.Objects;

/**
 * Where placement puts an actor: a member of the application (a JVM, or a Dapr sidecar's app) and
 * whether it is this one.
 *
 * @param member the member's id, such as a host and port
 * @param local {@code true} if this {@code Plumb} hosts the actor
 */
public record ActorLocation(String member, boolean local) {

  /** Checks the components. */
  public ActorLocation {
    Objects.requireNonNull(member, "member");
  }
}
