package dev.plumb.runtime.internal.memory;

import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;

/**
 * Provides {@code lock.in-memory}: non-reentrant locks held in this JVM, expiring on the runtime's
 * clock. No metadata. Listed in {@code META-INF/services}.
 */
public final class InMemoryLockProvider implements ComponentProvider<LockComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public InMemoryLockProvider() {}

  @Override
  public String type() {
    return "lock.in-memory";
  }

  @Override
  public Class<LockComponent> componentClass() {
    return LockComponent.class;
  }

  @Override
  public LockComponent create(ComponentContext context) {
    context.metadata().validate();
    return new InMemoryLockComponent(context.clock());
  }
}
