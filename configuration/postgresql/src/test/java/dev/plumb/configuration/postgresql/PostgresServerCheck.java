package dev.plumb.configuration.postgresql;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails each integration test class (`*IT`) up front, saying which server and which variable, when
 * the test PostgreSQL does not accept connections. Registered for every test class through {@code
 * junit-platform.properties} and {@code META-INF/services}.
 */
public final class PostgresServerCheck implements BeforeAllCallback {
  private static final String VARIABLE = "PLUMB_POSTGRES_URL";
  private static final String DEFAULT = "postgres://postgres@127.0.0.1:5432/test";

  /** Creates the extension; called by JUnit. */
  public PostgresServerCheck() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!context.getRequiredTestClass().getSimpleName().endsWith("IT")) {
      return;
    }
    String url = System.getenv().getOrDefault(VARIABLE, DEFAULT);
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "PostgreSQL is not reachable at "
              + uri.getHost()
              + ":"
              + port
              + (System.getenv(VARIABLE) == null
                  ? " (the default; " + VARIABLE + " is not set)"
                  : " (from " + VARIABLE + ")")
              + ": start it, or point "
              + VARIABLE
              + " at a running server");
    }
  }
}
