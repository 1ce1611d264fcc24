package dev.plumb.runtime.internal.memory;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import java.nio.file.Path;

/**
 * Provides {@code secretstores.local.file}: secrets from a JSON file. Metadata: {@code secretsFile}
 * (required; relative paths from the working directory), {@code nestedSeparator} (default {@code
 * :}), {@code multiValued} (default false). Listed in {@code META-INF/services}.
 */
public final class LocalFileSecretStoreProvider implements ComponentProvider<SecretStoreComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public LocalFileSecretStoreProvider() {}

  @Override
  public String type() {
    return "secretstores.local.file";
  }

  @Override
  public Class<SecretStoreComponent> componentClass() {
    return SecretStoreComponent.class;
  }

  @Override
  public SecretStoreComponent create(ComponentContext context) {
    ComponentMetadata m = context.metadata();
    String file = m.requireString("secretsFile");
    String separator = m.getString("nestedSeparator", ":");
    boolean multiValued = m.getBoolean("multiValued", false);
    m.validate();
    return LocalFileSecretStoreComponent.read(Path.of(file), separator, multiValued);
  }
}
