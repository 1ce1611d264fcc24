package dev.plumb.api.actors;

/**
 * Builds the object behind one activation of an actor: a plain Java object implementing the actor
 * interface, given its {@link ActorContext} and whatever else it needs (a DI container's beans, a
 * price service), for example {@code ctx -> new CartActor(ctx, prices)}.
 *
 * <p>Called inside the actor's first turn, on the thread running that turn, once per activation;
 * after a deactivation the next call builds a new object. An exception thrown here fails the call
 * that caused the activation; the next call tries again.
 *
 * @param <T> the actor interface
 */
@FunctionalInterface
public interface ActorFactory<T> {

  /**
   * Builds the actor object.
   *
   * @param context the activation's context; valid until the actor is deactivated
   * @return the object; not {@code null}, implementing the actor interface
   */
  T create(ActorContext context);
}
