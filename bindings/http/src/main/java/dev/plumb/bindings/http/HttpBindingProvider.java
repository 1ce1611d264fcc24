package dev.plumb.bindings.http;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import java.net.http.HttpClient;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The {@code bindings.http} provider (version {@code v1}): an output binding to the required {@code
 * url}, on one JDK {@link HttpClient} per component whose work runs on the runtime's blocking
 * executor. Connections time out after 15 seconds, as Dapr's dialer does; redirects are not
 * followed, as in Dapr. See {@code docs/components/bindings-http.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class HttpBindingProvider implements ComponentProvider<OutputBindingComponent> {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public HttpBindingProvider() {}

  @Override
  public String type() {
    return "bindings.http";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads the metadata and builds the client; nothing is sent until the first invocation.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws ConfigurationException if {@code url} is missing or not an http(s) URL, a value has the
   *     wrong form, or the mTLS fields cannot be used
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) {
    HttpSettings settings = HttpSettings.read(context.metadata());
    context.metadata().validate();
    HttpClient.Builder client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(context.blockingExecutor());
    if (settings.rootCa != null || settings.clientCert != null) {
      try {
        SSLContext tls = PemTls.context(settings.rootCa, settings.clientCert, settings.clientKey);
        client.sslContext(tls);
      } catch (PemTls.PemException e) {
        throw new ConfigurationException(context.metadata().owner() + ": " + e.getMessage(), e);
      }
    }
    return new HttpBindingComponent(context.name(), context.type(), settings, client.build());
  }
}
