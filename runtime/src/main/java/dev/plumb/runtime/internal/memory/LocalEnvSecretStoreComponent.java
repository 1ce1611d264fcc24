package dev.plumb.runtime.internal.memory;

import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Dapr's {@code secretstores.local.env}: environment variables as name/value secrets. With a {@code
 * prefix}, only variables with that prefix are visible and names are given without it. As in Dapr,
 * {@code APP_API_TOKEN} and variables starting with {@code DAPR_} are never readable. A variable
 * that is not set is a missing secret. Thread-safe; never logs values.
 */
final class LocalEnvSecretStoreComponent implements SecretStoreComponent {
  private final String prefix;
  private final Supplier<Map<String, String>> environment;

  /**
   * Creates the store.
   *
   * @param prefix the prefix; empty for all variables
   * @param environment reads the environment, {@code System::getenv} outside tests
   */
  LocalEnvSecretStoreComponent(String prefix, Supplier<Map<String, String>> environment) {
    this.prefix = prefix;
    this.environment = environment;
  }

  @Override
  public Map<String, String> getSecret(GetSecretRequest request) {
    String name = request.name();
    String variable = prefix + name;
    if (!allowed(variable)) {
      return null;
    }
    String value = environment.get().get(variable);
    return value == null ? null : Map.of(name, value);
  }

  @Override
  public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    environment
        .get()
        .forEach(
            (variable, value) -> {
              if (variable.startsWith(prefix)
                  && variable.length() > prefix.length()
                  && allowed(variable)) {
                String name = variable.substring(prefix.length());
                all.put(name, Map.of(name, value));
              }
            });
    return all;
  }

  private static boolean allowed(String variable) {
    String upper = variable.toUpperCase(Locale.ROOT);
    return !upper.equals("APP_API_TOKEN") && !upper.startsWith("DAPR_");
  }

  @Override
  public String toString() {
    return "LocalEnvSecretStoreComponent[prefix=" + prefix + "]";
  }
}
