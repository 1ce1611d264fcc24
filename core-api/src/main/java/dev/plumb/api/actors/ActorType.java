package dev.plumb.api.actors;

import java.util.Objects;

/**
 * One actor type as the application registers it on {@code Plumb.Builder#actor}: the interface
 * callers use, the factory of its objects, its name (Dapr's actor type, part of every state key)
 * and its options. Immutable.
 *
 * <pre>{@code
 * Plumb.builder().actor(ActorType.builder(Cart.class, ctx -> new CartActor(ctx, prices))
 *     .name("ShoppingCart")
 *     .options(ActorOptions.builder().idleTimeout(Duration.ofMinutes(10)).build())
 *     .build());
 * }</pre>
 *
 * @param <T> the actor interface
 */
public final class ActorType<T> {
  private final Class<T> actorInterface;
  private final ActorFactory<? extends T> factory;
  private final String name;
  private final ActorOptions options;

  private ActorType(Builder<T> b) {
    this.actorInterface = b.actorInterface;
    this.factory = b.factory;
    this.name = b.name;
    this.options = b.options;
  }

  /**
   * A type named after the interface's simple name, with the default options.
   *
   * @param actorInterface the actor interface
   * @param factory builds the actor objects
   * @param <T> the interface
   * @return the type
   * @throws ActorConfigurationException if {@code actorInterface} is not an interface
   */
  public static <T> ActorType<T> of(Class<T> actorInterface, ActorFactory<? extends T> factory) {
    return builder(actorInterface, factory).build();
  }

  /**
   * Starts a builder.
   *
   * @param actorInterface the actor interface
   * @param factory builds the actor objects
   * @param <T> the interface
   * @return the builder
   * @throws ActorConfigurationException if {@code actorInterface} is not an interface
   */
  public static <T> Builder<T> builder(Class<T> actorInterface, ActorFactory<? extends T> factory) {
    return new Builder<>(actorInterface, factory);
  }

  /**
   * Returns the interface callers use.
   *
   * @return the interface
   */
  public Class<T> actorInterface() {
    return actorInterface;
  }

  /**
   * Returns the factory of the actor objects.
   *
   * @return the factory
   */
  public ActorFactory<? extends T> factory() {
    return factory;
  }

  /**
   * Returns the type's name.
   *
   * @return the name, by default the interface's simple name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the type's own options; unset fields come from the defaults.
   *
   * @return the options
   */
  public ActorOptions options() {
    return options;
  }

  @Override
  public String toString() {
    return "ActorType[" + name + ", " + actorInterface.getName() + "]";
  }

  /**
   * Builds an {@link ActorType}. Not thread-safe.
   *
   * @param <T> the actor interface
   */
  public static final class Builder<T> {
    private final Class<T> actorInterface;
    private final ActorFactory<? extends T> factory;
    private String name;
    private ActorOptions options = ActorOptions.DEFAULTS;

    private Builder(Class<T> actorInterface, ActorFactory<? extends T> factory) {
      this.actorInterface = Objects.requireNonNull(actorInterface, "actorInterface");
      this.factory = Objects.requireNonNull(factory, "factory");
      if (!actorInterface.isInterface()) {
        throw new ActorConfigurationException(
            "actor type "
                + actorInterface.getName()
                + ": actors are called through an interface; register the interface the class"
                + " implements");
      }
      this.name = actorInterface.getSimpleName();
    }

    /**
     * Sets the type's name, as Dapr's actor type: the name other Dapr or Plumb apps call it by.
     *
     * @param name not empty, no {@code ||}
     * @return this builder
     * @throws ActorConfigurationException if empty or containing {@code ||}
     */
    public Builder<T> name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.contains("||")) {
        throw new ActorConfigurationException(
            "actor type name '"
                + name
                + "' of "
                + actorInterface.getName()
                + ": must not be"
                + " empty or contain '||'");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the type's own options (Dapr's {@code entitiesConfig} entry for the type).
     *
     * @param options the options; unset fields come from the defaults
     * @return this builder
     */
    public Builder<T> options(ActorOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Builds the type.
     *
     * @return the type
     */
    public ActorType<T> build() {
      return new ActorType<>(this);
    }
  }
}
