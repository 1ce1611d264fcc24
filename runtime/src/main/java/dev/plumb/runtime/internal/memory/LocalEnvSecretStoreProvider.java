package dev.plumb.runtime.internal.memory;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;

/**
 * Provides {@code secretstores.local.env}: environment variables as secrets. Metadata: {@code
 * prefix} (optional). Listed in {@code META-INF/services}.
 */
public final class LocalEnvSecretStoreProvider implements ComponentProvider<SecretStoreComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public LocalEnvSecretStoreProvider() {}

  @Override
  public String type() {
    return "secretstores.local.env";
  }

  @Override
  public Class<SecretStoreComponent> componentClass() {
    return SecretStoreComponent.class;
  }

  @Override
  public SecretStoreComponent create(ComponentContext context) {
    String prefix = context.metadata().getString("prefix", "");
    context.metadata().validate();
    return new LocalEnvSecretStoreComponent(prefix, System::getenv);
  }
}
