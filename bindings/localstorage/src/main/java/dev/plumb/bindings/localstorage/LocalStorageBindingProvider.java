package dev.plumb.bindings.localstorage;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;

/**
 * The {@code bindings.localstorage} provider (version {@code v1}): files under the folder named by
 * the required {@code rootPath} metadata, which is created if missing. A relative {@code rootPath}
 * is resolved against the working directory, symbolic links in it are resolved once, and system
 * folders ({@code /proc}, {@code /sys}, {@code /boot}, {@code /var/run/secrets}) are refused, as in
 * Dapr. See {@code docs/components/bindings-localstorage.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class LocalStorageBindingProvider
    implements ComponentProvider<OutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public LocalStorageBindingProvider() {}

  @Override
  public String type() {
    return "bindings.localstorage";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads {@code rootPath}, refuses a system folder, and creates the folder if missing.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if {@code rootPath} is missing, a file, or a
   *     system folder
   * @throws java.io.IOException if the folder cannot be created
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) throws Exception {
    String rootPath = context.metadata().requireString("rootPath");
    context.metadata().validate();
    return new LocalStorageBindingComponent(RootFolder.open(context.metadata(), rootPath));
  }
}
