package dev.plumb.runtime.internal.blocks;

import dev.plumb.api.bindings.InputBinding;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.internal.bindings.BindingDirection;
import dev.plumb.runtime.internal.bindings.DefaultInputBinding;
import dev.plumb.runtime.internal.bindings.DefaultOutputBinding;
import dev.plumb.runtime.internal.configuration.DefaultConfigurationStore;
import dev.plumb.runtime.internal.crypto.DefaultCryptography;
import dev.plumb.runtime.internal.lock.DefaultLockStore;
import dev.plumb.runtime.internal.pubsub.DefaultPubSub;
import dev.plumb.runtime.internal.secrets.DefaultSecretStore;
import dev.plumb.runtime.internal.state.DefaultStateStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every building block the runtime serves, in the order their components start. */
public final class Blocks {

  /** Secret stores: first, so that other components' {@code secretKeyRef}s resolve. */
  public static final Block<SecretStore, SecretStoreComponent> SECRETS =
      new Block<>(
          "secretstores",
          "secretstores.",
          "Secretstore",
          null,
          "secret store",
          "secret stores",
          SecretStore.class,
          SecretStoreComponent.class,
          Set.of(),
          (runtime, resources, c) ->
              new DefaultSecretStore(c, resources.secretScopes().get(c.name())));

  /** State stores. */
  public static final Block<StateStore, StateComponent> STATE =
      new Block<>(
          "state",
          "state.",
          "Statestore",
          "db.system",
          "state store",
          "state stores",
          StateStore.class,
          StateComponent.class,
          Set.of(
              "keyprefix",
              "actorstatestore",
              "primaryencryptionkey",
              "secondaryencryptionkey",
              "outboxpublishpubsub",
              "outboxpublishtopic",
              "outboxpubsub",
              "outboxdiscardwhenmissingstate"),
          (runtime, resources, c) -> new DefaultStateStore(runtime, c));

  /** Distributed lock stores. */
  public static final Block<LockStore, LockComponent> LOCK =
      new Block<>(
          "lock",
          "lock.",
          "Lock",
          "db.system",
          "lock store",
          "lock stores",
          LockStore.class,
          LockComponent.class,
          Set.of("keyprefix"),
          (runtime, resources, c) -> new DefaultLockStore(runtime, c));

  /** Pub/sub brokers. */
  public static final Block<PubSub, PubSubComponent> PUBSUB =
      new Block<>(
          "pubsub",
          "pubsub.",
          "Pubsub",
          "messaging.system",
          "pub/sub component",
          "pub/sub components",
          PubSub.class,
          PubSubComponent.class,
          Set.of(
              "publishingscopes",
              "subscriptionscopes",
              "allowedtopics",
              "protectedtopics",
              "concurrency",
              "concurrencymode"),
          DefaultPubSub::new);

  /**
   * Output bindings: components implementing {@code OutputBindingComponent} whose {@code direction}
   * is absent or lists {@code output}.
   */
  public static final Block<OutputBinding, OutputBindingComponent> OUTPUT_BINDING =
      new Block<>(
          "bindings",
          "bindings.",
          "Binding",
          null,
          "output binding",
          "output bindings",
          OutputBinding.class,
          OutputBindingComponent.class,
          BindingDirection.RUNTIME_FIELDS,
          (runtime, resources, c) -> new DefaultOutputBinding(runtime, c),
          BindingDirection::output);

  /**
   * Input bindings: components implementing {@code InputBindingComponent} whose {@code direction}
   * is absent or lists {@code input}. A component implementing both serves both blocks.
   */
  public static final Block<InputBinding, InputBindingComponent> INPUT_BINDING =
      new Block<>(
          "bindings",
          "bindings.",
          "Binding",
          null,
          "input binding",
          "input bindings",
          InputBinding.class,
          InputBindingComponent.class,
          BindingDirection.RUNTIME_FIELDS,
          (runtime, resources, c) -> new DefaultInputBinding(runtime, c),
          BindingDirection::input);

  /** Configuration stores. */
  public static final Block<ConfigurationStore, ConfigurationComponent> CONFIGURATION =
      new Block<>(
          "configuration",
          "configuration.",
          "Configuration",
          "db.system",
          "configuration store",
          "configuration stores",
          ConfigurationStore.class,
          ConfigurationComponent.class,
          Set.of(),
          (runtime, resources, c) -> new DefaultConfigurationStore(runtime, c));

  /** Cryptography providers. */
  public static final Block<Cryptography, CryptoComponent> CRYPTO =
      new Block<>(
          "crypto",
          "crypto.",
          "Crypto",
          null,
          "crypto component",
          "crypto components",
          Cryptography.class,
          CryptoComponent.class,
          Set.of(),
          (runtime, resources, c) -> new DefaultCryptography(c));

  /** Every block, secret stores first. */
  public static final List<Block<?, ?>> ALL =
      List.of(SECRETS, STATE, LOCK, PUBSUB, OUTPUT_BINDING, INPUT_BINDING, CONFIGURATION, CRYPTO);

  private Blocks() {}

  /**
   * Finds the block of a component type by its prefix, for policy names and span names.
   *
   * @param type a component type, such as {@code state.redis}
   * @return the block, or empty if no block has that prefix
   */
  public static Optional<Block<?, ?>> ofType(String type) {
    for (Block<?, ?> b : ALL) {
      if (type.startsWith(b.typePrefix())) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds the block whose facade implements an API.
   *
   * @param api an application-facing interface, such as {@code StateStore.class}
   * @return the block, or empty if none serves it
   */
  public static Optional<Block<?, ?>> ofApi(Class<?> api) {
    return ALL.stream().filter(b -> b.api() == api).findFirst();
  }
}
