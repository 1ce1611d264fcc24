package dev.plumb.runtime.internal.memory;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;

/**
 * Creates {@code state.in-memory} components ({@link InMemoryStateComponent}). The component reads
 * no metadata of its own: runtime-level fields such as {@code keyPrefix} or the encryption keys are
 * the state facade's.
 */
public final class InMemoryStateProvider implements ComponentProvider<StateComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public InMemoryStateProvider() {}

  @Override
  public String type() {
    return "state.in-memory";
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  @Override
  public StateComponent create(ComponentContext context) {
    context.metadata().validate();
    return new InMemoryStateComponent(context.name(), context.clock(), context.scheduler());
  }
}
