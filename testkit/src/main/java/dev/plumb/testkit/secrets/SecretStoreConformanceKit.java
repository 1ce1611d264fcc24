package dev.plumb.testkit.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dapr's secret store conformance suite ({@code tests/conformance/secretstores}): init, ping, get
 * and bulk get. Extend it in a provider's test sources and return a started component from {@link
 * #createComponent()} that holds the secrets {@code conftestsecret=abcd} and {@code
 * secondsecret=efgh}; other secrets may exist. Each test gets a fresh component, closed after it.
 *
 * <pre>{@code
 * class VaultSecretStoreConformanceIT extends SecretStoreConformanceKit {
 *   protected SecretStoreComponent createComponent() {
 *     return createFromProvider("secretstores.hashicorp.vault", Map.of("vaultAddr", url));
 *   }
 * }
 * }</pre>
 */
public abstract class SecretStoreConformanceKit {
  /** Dapr's time limit for a component's init. */
  protected static final Duration INIT_TIMEOUT = Duration.ofSeconds(15);

  private SecretStoreComponent component;

  /** For subclasses. */
  protected SecretStoreConformanceKit() {}

  /**
   * Creates and starts the component under test.
   *
   * @return a started component holding {@code conftestsecret=abcd} and {@code secondsecret=efgh}
   * @throws Exception if it cannot start
   */
  protected abstract SecretStoreComponent createComponent() throws Exception;

  /**
   * Creates a component with the provider of a type found on the classpath, as Plumb would.
   *
   * @param type the component type, such as {@code secretstores.local.file}
   * @param metadata plain metadata values
   * @return the started component
   * @throws Exception if the provider fails
   */
  protected static SecretStoreComponent createFromProvider(
      String type, Map<String, String> metadata) throws Exception {
    return new TestComponentContext("conftest-" + type, type, metadata)
        .createComponent(SecretStoreComponent.class);
  }

  @BeforeEach
  final void initComponent() {
    component = assertTimeoutPreemptively(INIT_TIMEOUT, this::createComponent, "init within 15s");
  }

  @AfterEach
  final void closeComponent() throws Exception {
    if (component != null) {
      component.close();
    }
  }

  /**
   * Returns the component under test.
   *
   * @return the started component of the current test
   */
  protected final SecretStoreComponent component() {
    return component;
  }

  @Test
  void init() {
    assertThat(component).isNotNull();
  }

  @Test
  void ping() throws Exception {
    component.ping();
  }

  @Test
  void get() throws Exception {
    assertThat(component.getSecret(GetSecretRequest.of("conftestsecret")))
        .isEqualTo(Map.of("conftestsecret", "abcd"));
  }

  @Test
  void bulkGet() throws Exception {
    assertThat(component.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
        .containsEntry("conftestsecret", Map.of("conftestsecret", "abcd"))
        .containsEntry("secondsecret", Map.of("secondsecret", "efgh"));
  }

  @Test
  void getMissingSecretAnswersNull() throws Exception {
    assertThat(component.getSecret(GetSecretRequest.of("conftest-no-such-secret"))).isNull();
  }
}
