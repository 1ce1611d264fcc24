package dev.plumb.runtime.internal.registry;

import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.MetadataField;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.resources.ComponentResource;
import dev.plumb.runtime.internal.resources.MetadataEntry;
import dev.plumb.runtime.internal.resources.Warnings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a component's written metadata into values: reads {@code secretKeyRef}s from the
 * component's {@code auth.secretStore}, {@code envRef}s from the environment, and substitutes the
 * templates {@code {uuid}}, {@code {appID}}, {@code {podName}} and {@code {namespace}}. Messages
 * name fields, secrets and stores, never values.
 */
final class MetadataResolver {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataResolver.class);
  private static final String KUBERNETES = "kubernetes";

  /** What {@link SecretStores#whyNotStarted} says of a store no resource defines. */
  static final String NOT_DEFINED = "is not defined";

  /** How a secret store referenced by a component stands. */
  interface SecretStores {
    /**
     * Returns a started secret store.
     *
     * @param name the store's component name
     * @return the store, or empty if none is started under that name
     */
    Optional<SecretStoreComponent> started(String name);

    /**
     * Explains why a store is not started.
     *
     * @param name the store's component name
     * @return for example {@code is not defined}
     */
    String whyNotStarted(String name);
  }

  private final RuntimeContext runtime;
  private final String podName;
  private final SecretStores stores;
  private final Set<String> secretValues;
  private final Warnings warnings;

  /**
   * Creates a resolver.
   *
   * @param runtime app id, namespace and environment
   * @param podName the value of {@code {podName}}
   * @param stores the started secret stores
   * @param secretValues collects every secret value read, so that messages can be scrubbed
   * @param warnings receives the environment variables an {@code envRef} names that are not set
   */
  MetadataResolver(
      RuntimeContext runtime,
      String podName,
      SecretStores stores,
      Set<String> secretValues,
      Warnings warnings) {
    this.runtime = runtime;
    this.podName = podName;
    this.stores = stores;
    this.secretValues = secretValues;
    this.warnings = warnings;
  }

  /**
   * Resolves every entry of a component.
   *
   * @param component the component
   * @param problems receives one message per entry that cannot be resolved
   * @return the resolved fields, in order
   */
  List<MetadataField> resolve(ComponentResource component, List<String> problems) {
    String uuid = UUID.randomUUID().toString();
    List<MetadataField> fields = new ArrayList<>();
    for (MetadataEntry e : component.metadata()) {
      String where =
          component.describe()
              + ": metadata '"
              + e.name()
              + "'"
              + (e.line() > 0 ? " (" + component.where(e.line()) + ")" : "");
      if (e.secretKeyRef() != null) {
        String value = secret(component, e.secretKeyRef(), where, problems);
        if (value != null) {
          fields.add(new MetadataField(e.name(), templates(value, uuid), true, e.line()));
        }
      } else if (e.envRef() != null) {
        String value = runtime.env().apply(e.envRef());
        if (value == null) {
          // daprd reads an unset variable as empty, so the build goes on.
          warnings.add(
              LOG, where + ": environment variable '" + e.envRef() + "' is not set; using ''");
          value = "";
        }
        fields.add(new MetadataField(e.name(), templates(value, uuid), false, e.line()));
      } else {
        String value = e.value() == null ? "" : e.value();
        fields.add(new MetadataField(e.name(), templates(value, uuid), false, e.line()));
      }
    }
    return fields;
  }

  private String secret(
      ComponentResource component,
      MetadataEntry.SecretKeyRef ref,
      String where,
      List<String> problems) {
    String storeName = component.secretStore();
    if (storeName == null) {
      problems.add(
          where
              + ": secretKeyRef to secret '"
              + ref.name()
              + "' needs field 'auth.secretStore' naming a secret store (on Kubernetes, Dapr"
              + " reads it from its built-in 'kubernetes' secret store, which Plumb does not have)");
      return null;
    }
    Optional<SecretStoreComponent> store = stores.started(storeName);
    if (store.isEmpty()) {
      String why = stores.whyNotStarted(storeName);
      problems.add(
          where
              + ": secretKeyRef to secret '"
              + ref.name()
              + "': secret store '"
              + storeName
              + "' (auth.secretStore) "
              + why
              + (storeName.equals(KUBERNETES) && why.equals(NOT_DEFINED)
                  ? "; Dapr's built-in Kubernetes secret store does not exist in Plumb: define a"
                      + " secret store named 'kubernetes' that holds these secrets"
                  : ""));
      return null;
    }
    Map<String, String> secret;
    try {
      secret = store.get().getSecret(GetSecretRequest.of(ref.name()));
    } catch (Exception ex) {
      problems.add(
          where
              + ": cannot read secret '"
              + ref.name()
              + "' from secret store '"
              + storeName
              + "': "
              + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
      return null;
    }
    if (secret == null) {
      problems.add(
          where + ": secret '" + ref.name() + "' is not found in secret store '" + storeName + "'");
      return null;
    }
    String key = ref.keyOrName();
    String value = secret.get(key);
    if (value == null) {
      problems.add(
          where
              + ": secret '"
              + ref.name()
              + "' in secret store '"
              + storeName
              + "' has no key '"
              + key
              + "'");
      return null;
    }
    if (!value.isEmpty()) {
      secretValues.add(value);
    }
    return value;
  }

  private String templates(String value, String uuid) {
    if (value.indexOf('{') < 0) {
      return value;
    }
    String namespace = runtime.namespace() == null ? "" : runtime.namespace();
    return value
        .replace("{uuid}", uuid)
        .replace("{appID}", runtime.appId())
        .replace("{podName}", podName)
        .replace("{namespace}", namespace + "." + runtime.appId());
  }
}
