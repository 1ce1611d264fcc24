package dev.plumb.runtime.internal.bindings;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Dapr's {@code direction} metadata of a binding: {@code input}, {@code output} or both, as a
 * comma-separated list in any case; absent means the component serves every direction it implements
 * (daprd's {@code isBindingOfDirection}). Unlike daprd, which ignores a value it does not know, an
 * unknown direction fails the build. Stateless.
 */
public final class BindingDirection {
  /** The metadata fields the runtime owns on every binding: {@code direction} and {@code route}. */
  public static final Set<String> RUNTIME_FIELDS = Set.of("direction", "route");

  private static final String FIELD = "direction";

  private BindingDirection() {}

  /**
   * Tells whether a binding serves as an input binding.
   *
   * @param metadata the component's metadata
   * @return {@code true} if {@code direction} is absent or lists {@code input}
   * @throws ConfigurationException if {@code direction} lists anything but {@code input} and {@code
   *     output}
   */
  public static boolean input(ComponentMetadata metadata) {
    return allows(metadata, "input");
  }

  /**
   * Tells whether a binding serves as an output binding.
   *
   * @param metadata the component's metadata
   * @return {@code true} if {@code direction} is absent or lists {@code output}
   * @throws ConfigurationException if {@code direction} lists anything but {@code input} and {@code
   *     output}
   */
  public static boolean output(ComponentMetadata metadata) {
    return allows(metadata, "output");
  }

  private static boolean allows(ComponentMetadata metadata, String direction) {
    Optional<String> value = metadata.getString(FIELD);
    if (value.isEmpty()) {
      return true;
    }
    boolean found = false;
    for (String part : value.get().split(",")) {
      String d = part.trim().toLowerCase(Locale.ROOT);
      if (!d.equals("input") && !d.equals("output")) {
        throw new ConfigurationException(
            metadata.owner()
                + ": metadata 'direction' must be 'input', 'output' or 'input, output', got '"
                + value.get()
                + "'");
      }
      found |= d.equals(direction);
    }
    return found;
  }
}
