package dev.plumb.actors;

import dev.plumb.api.actors.spi.ActorLocation;
import dev.plumb.api.actors.spi.ActorPlacement;
import java.util.Set;

/**
 * Placement in one JVM: this member hosts every actor and scans every reminder partition. It is
 * right whenever one {@code Plumb} per application uses the actor state store.
 */
final class LocalPlacement implements ActorPlacement {
  private static final ActorLocation HERE = new ActorLocation("local", true);

  @Override
  public void start(Set<String> actorTypes, Runnable changed) {
    // One member: nothing ever moves.
  }

  @Override
  public ActorLocation locate(String actorType, String actorId) {
    return HERE;
  }

  @Override
  public boolean ownsReminderPartition(String actorType, int partition) {
    return true;
  }

  @Override
  public void close() {
    // Nothing held.
  }
}
