package dev.plumb.runtime;

import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Providers and components built from lambdas, for tests of the runtime's own behaviour. */
final class TestProviders {
  private TestProviders() {}

  /** Creates a component from its context. */
  interface Factory<C> {
    C create(ComponentContext context) throws Exception;
  }

  static <C extends AutoCloseable> ComponentProvider<C> provider(
      String type, Class<C> componentClass, Factory<C> factory) {
    return new LambdaProvider<>(type, Set.of("v1"), componentClass, factory);
  }

  /** A provider built from a lambda. */
  static class LambdaProvider<C extends AutoCloseable> implements ComponentProvider<C> {
    private final String type;
    private final Set<String> versions;
    private final Class<C> componentClass;
    private final Factory<C> factory;

    LambdaProvider(String type, Set<String> versions, Class<C> componentClass, Factory<C> factory) {
      this.type = type;
      this.versions = versions;
      this.componentClass = componentClass;
      this.factory = factory;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public Set<String> versions() {
      return versions;
    }

    @Override
    public Class<C> componentClass() {
      return componentClass;
    }

    @Override
    public C create(ComponentContext context) throws Exception {
      return factory.create(context);
    }
  }

  /** A second provider class, for the duplicate-provider check. */
  static final class OtherLambdaProvider<C extends AutoCloseable> extends LambdaProvider<C> {
    OtherLambdaProvider(String type, Class<C> componentClass, Factory<C> factory) {
      super(type, Set.of("v1"), componentClass, factory);
    }
  }

  /** A secret store over a map that records when it is closed. */
  static final class MapSecretStore implements SecretStoreComponent {
    final Map<String, Map<String, String>> secrets;
    private final String name;
    private final List<String> closed;

    MapSecretStore(String name, Map<String, Map<String, String>> secrets, List<String> closed) {
      this.name = name;
      this.secrets = new LinkedHashMap<>(secrets);
      this.closed = closed;
    }

    @Override
    public Map<String, String> getSecret(GetSecretRequest request) {
      return secrets.get(request.name());
    }

    @Override
    public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
      return secrets;
    }

    @Override
    public void close() {
      closed.add(name);
    }
  }

  /** A lock component that records the stored keys it is called with. */
  static class RecordingLock implements LockComponent {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean tryLock(TryLockRequest r) {
      calls.add("tryLock " + r.resourceId() + " " + r.lockOwner() + " " + r.expiryInSeconds());
      return true;
    }

    @Override
    public UnlockStatus unlock(UnlockRequest r) {
      calls.add("unlock " + r.resourceId() + " " + r.lockOwner());
      return UnlockStatus.SUCCESS;
    }
  }
}
