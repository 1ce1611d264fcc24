package dev.plumb.lock.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails each integration test class (`*IT`) up front, saying which server and which variable, when
 * the test Redis does not accept connections. Registered for every test class through {@code
 * junit-platform.properties} and {@code META-INF/services}.
 */
public final class RedisServerCheck implements BeforeAllCallback {
  private static final String VARIABLE = "PLUMB_REDIS_URL";
  private static final String DEFAULT = "redis://127.0.0.1:6379";

  /** Creates the extension; called by JUnit. */
  public RedisServerCheck() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!context.getRequiredTestClass().getSimpleName().endsWith("IT")) {
      return;
    }
    String url = System.getenv().getOrDefault(VARIABLE, DEFAULT);
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : 6379;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Redis is not reachable at "
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
