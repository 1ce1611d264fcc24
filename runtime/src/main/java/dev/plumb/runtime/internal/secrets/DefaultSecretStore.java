package dev.plumb.runtime.internal.secrets;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.secrets.AsyncSecretStore;
import dev.plumb.api.secrets.SecretAccessDeniedException;
import dev.plumb.api.secrets.SecretNotFoundException;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.runtime.internal.LoadedComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link SecretStore} facade over one secret store component: applies the {@code
 * Configuration}'s secret scope for the store, then calls the component through its invoker.
 * Thread-safe; the {@link #async()} view shares everything with this one. Never logs or prints
 * secret values.
 */
public final class DefaultSecretStore implements SecretStore {
  private final LoadedComponent<SecretStoreComponent> component;
  private final SecretScope scope;
  private final AsyncSecretStore async = new AsyncView();

  /**
   * Creates the facade.
   *
   * @param component the secret store component
   * @param scope the store's secret scope, or {@code null} if every secret is allowed
   */
  public DefaultSecretStore(LoadedComponent<SecretStoreComponent> component, SecretScope scope) {
    this.component = Objects.requireNonNull(component, "component");
    this.scope = scope;
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public Map<String, String> get(String name) {
    return get(name, Map.of());
  }

  @Override
  public Map<String, String> get(String name, Map<String, String> metadata) {
    GetSecretRequest request = request(name, metadata);
    return component.outbound().call("getSecret", () -> read(request));
  }

  @Override
  public Map<String, Map<String, String>> getBulk() {
    return component.outbound().call("bulkGetSecret", this::readBulk);
  }

  @Override
  public AsyncSecretStore async() {
    return async;
  }

  private GetSecretRequest request(String name, Map<String, String> metadata) {
    if (name == null || name.isEmpty()) {
      throw new InvalidRequestException("secret name is empty (secret store '" + name() + "')");
    }
    if (scope != null && !scope.allows(name)) {
      throw new SecretAccessDeniedException(
          "access denied by policy to get \"" + name + "\" from \"" + name() + "\"");
    }
    return new GetSecretRequest(name, Objects.requireNonNull(metadata, "metadata"));
  }

  private Map<String, String> read(GetSecretRequest request) throws Exception {
    Map<String, String> secret = component.component().getSecret(request);
    if (secret == null) {
      throw new SecretNotFoundException(
          "secret '" + request.name() + "' is not found in secret store '" + name() + "'");
    }
    return Map.copyOf(secret);
  }

  private Map<String, Map<String, String>> readBulk() throws Exception {
    Map<String, Map<String, String>> all =
        component.component().bulkGetSecret(new BulkGetSecretRequest(Map.of()));
    Map<String, Map<String, String>> allowed = new LinkedHashMap<>();
    if (all != null) {
      all.forEach(
          (k, v) -> {
            if (scope == null || scope.allows(k)) {
              allowed.put(k, Map.copyOf(v));
            }
          });
    }
    return Map.copyOf(allowed);
  }

  /**
   * Describes the facade without any secret.
   *
   * @return the store's name and type
   */
  @Override
  public String toString() {
    return "SecretStore[" + name() + ", " + component.type() + "]";
  }

  /**
   * The asynchronous view: the same calls on the invoker's executor. A refused or empty name fails
   * the stage without reaching the invoker, as it fails the blocking call.
   */
  private final class AsyncView implements AsyncSecretStore {
    @Override
    public CompletionStage<Map<String, String>> get(String name) {
      return get(name, Map.of());
    }

    @Override
    public CompletionStage<Map<String, String>> get(String name, Map<String, String> metadata) {
      GetSecretRequest request;
      try {
        request = request(name, metadata);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component.outbound().callAsync("getSecret", () -> read(request));
    }

    @Override
    public CompletionStage<Map<String, Map<String, String>>> getBulk() {
      return component.outbound().callAsync("bulkGetSecret", DefaultSecretStore.this::readBulk);
    }

    @Override
    public String toString() {
      return "AsyncSecretStore[" + name() + "]";
    }
  }
}
