package dev.plumb.api.actors.spi;

import java.util.Set;

/**
 * Decides which member of an application hosts each actor, so that at most one activation of an
 * actor exists across the application, and which member scans each reminder partition. The actor
 * runtime asks it before every activation and every reminder scan, and assumes nothing else about
 * how many JVMs run the application.
 *
 * <p>Plumb has one implementation today, in one JVM (every actor is local). A multi-JVM
 * implementation takes leases on a shared store and fences writes with them; calls to actors placed
 * on another member are then forwarded there. Implementations must be thread-safe, and {@link
 * #locate} must be cheap: it runs on every call.
 */
public interface ActorPlacement extends AutoCloseable {

  /**
   * Starts placing the types this member hosts.
   *
   * @param actorTypes the types registered on this member
   * @param changed to call, from any thread, whenever {@link #locate} or {@link
   *     #ownsReminderPartition} may answer differently than before; the runtime then moves
   *     activations and reminder scans accordingly
   * @throws Exception if placement cannot start; the runtime does not start
   */
  void start(Set<String> actorTypes, Runnable changed) throws Exception;

  /**
   * Returns where an actor is hosted now.
   *
   * @param actorType the actor type
   * @param actorId the actor id
   * @return its location
   */
  ActorLocation locate(String actorType, String actorId);

  /**
   * Tells whether this member scans and fires a reminder partition.
   *
   * @param actorType the actor type
   * @param partition the partition
   * @return {@code true} if this member owns it
   */
  boolean ownsReminderPartition(String actorType, int partition);

  /** Stops placing; releases what it holds. Never throws. */
  @Override
  void close();
}
