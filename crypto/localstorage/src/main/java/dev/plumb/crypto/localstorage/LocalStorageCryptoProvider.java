package dev.plumb.crypto.localstorage;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code crypto.dapr.localstorage} provider (version {@code v1}): keys in the files of the
 * folder named by the required {@code path} metadata, which must exist. See {@code
 * docs/components/crypto-localstorage.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class LocalStorageCryptoProvider implements ComponentProvider<CryptoComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public LocalStorageCryptoProvider() {}

  @Override
  public String type() {
    return "crypto.dapr.localstorage";
  }

  @Override
  public Class<CryptoComponent> componentClass() {
    return CryptoComponent.class;
  }

  /**
   * Reads {@code path} and checks that it is a folder.
   *
   * @param context the component's name, metadata and runtime services
   * @return the component
   * @throws ConfigurationException if {@code path} is missing, absent or not a folder
   */
  @Override
  public CryptoComponent create(ComponentContext context) {
    String path = context.metadata().requireString("path");
    context.metadata().validate();
    Path root = Path.of(path).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new ConfigurationException(
          "crypto component "
              + context.name()
              + ": metadata 'path': "
              + (Files.exists(root)
                  ? "'" + path + "' is not a directory"
                  : "could not stat '" + path + "'"));
    }
    try {
      return new LocalStorageCryptoComponent(context.name(), root.toRealPath());
    } catch (IOException e) {
      throw new ConfigurationException(
          "crypto component " + context.name() + ": metadata 'path': cannot read '" + path + "'",
          e);
    }
  }
}
