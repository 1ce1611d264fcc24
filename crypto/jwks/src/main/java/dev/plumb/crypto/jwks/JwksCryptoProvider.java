package dev.plumb.crypto.jwks;

import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The {@code crypto.dapr.jwks} provider (version {@code v1}). Metadata as Dapr's: {@code jwks}
 * (required: an {@code http(s)://} URL, the path of a file, or the set's JSON, optionally base64),
 * {@code requestTimeout} (default and below 1 ms: 30 s) and {@code minRefreshInterval} (default and
 * below 1 s: 10 min). See {@code docs/components/crypto-jwks.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class JwksCryptoProvider implements ComponentProvider<CryptoComponent> {
  private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_MIN_REFRESH = Duration.ofMinutes(10);

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public JwksCryptoProvider() {}

  @Override
  public String type() {
    return "crypto.dapr.jwks";
  }

  @Override
  public Class<CryptoComponent> componentClass() {
    return CryptoComponent.class;
  }

  /**
   * Reads the metadata and loads the set once (fetching it if it is a URL) before returning, as
   * Dapr's init waits for the first load.
   *
   * @param context the component's name, metadata, clock and scheduler
   * @return the component
   * @throws dev.plumb.api.ConfigurationException if {@code jwks} is missing or a duration invalid
   * @throws dev.plumb.api.crypto.CryptoException if the set cannot be loaded or parsed
   */
  @Override
  public CryptoComponent create(ComponentContext context) throws Exception {
    ComponentMetadata m = context.metadata();
    String jwks = m.requireString("jwks");
    Duration timeout = m.getDuration("requestTimeout", ChronoUnit.SECONDS, DEFAULT_REQUEST_TIMEOUT);
    Duration refresh = m.getDuration("minRefreshInterval", ChronoUnit.SECONDS, DEFAULT_MIN_REFRESH);
    m.validate();
    if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
      timeout = DEFAULT_REQUEST_TIMEOUT;
    }
    if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
      refresh = DEFAULT_MIN_REFRESH;
    }
    return JwksCryptoComponent.start(context.name(), jwks, timeout, refresh, context.scheduler());
  }
}
