package dev.plumb.testkit.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails each integration test class ({@code *IT}) up front, naming the server and the environment
 * variable that points at it, when the server does not accept connections: a test that needs a
 * server never skips, and never fails later with a driver's connection error. The subclasses are
 * JUnit extensions a module registers for all its tests (listed in its {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}, with {@code
 * junit.jupiter.extensions.autodetection.enabled=true} in {@code junit-platform.properties}).
 */
abstract class ServerCheck implements BeforeAllCallback {
  private final String server;
  private final String variable;
  private final String defaultUrl;
  private final int defaultPort;

  ServerCheck(String server, String variable, String defaultUrl, int defaultPort) {
    this.server = server;
    this.variable = variable;
    this.defaultUrl = defaultUrl;
    this.defaultPort = defaultPort;
  }

  @Override
  public final void beforeAll(ExtensionContext context) {
    if (!context.getRequiredTestClass().getSimpleName().endsWith("IT")) {
      return;
    }
    String url = System.getenv().getOrDefault(variable, defaultUrl);
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          server
              + " is not reachable at "
              + uri.getHost()
              + ":"
              + port
              + (System.getenv(variable) == null
                  ? " (the default; " + variable + " is not set)"
                  : " (from " + variable + ")")
              + ": start it, or point "
              + variable
              + " at a running server");
    }
  }
}
