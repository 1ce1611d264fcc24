package dev.plumb.state.mysql;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails each integration test class (`*IT`) up front, saying which server and which variable, when
 * the test MySQL/MariaDB does not accept connections. Registered for every test class through
 * {@code junit-platform.properties} and {@code META-INF/services}.
 */
public final class MySqlServerCheck implements BeforeAllCallback {
  private static final String VARIABLE = "PLUMB_MYSQL_URL";
  private static final String DEFAULT = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

  /** Creates the extension; called by JUnit. */
  public MySqlServerCheck() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!context.getRequiredTestClass().getSimpleName().endsWith("IT")) {
      return;
    }
    String url = System.getenv().getOrDefault(VARIABLE, DEFAULT);
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    int port = uri.getPort() > 0 ? uri.getPort() : 3306;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "MySQL/MariaDB is not reachable at "
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
