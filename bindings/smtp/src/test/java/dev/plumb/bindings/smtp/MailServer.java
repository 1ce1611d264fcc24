package dev.plumb.bindings.smtp;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * GreenMail's SMTP server on a free loopback port, started once for the test JVM (the module's
 * tests), with one account for the authenticated tests; stopped by a shutdown hook.
 */
final class MailServer {
  static final String USER = "mailer";
  static final String PASSWORD = "mail-secret";

  private static GreenMail server;

  private MailServer() {}

  static synchronized GreenMail get() throws IOException {
    if (server == null) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      g.setUser("mailer@example.org", USER, PASSWORD);
      g.start();
      Runtime.getRuntime().addShutdownHook(new Thread(g::stop, "greenmail-stop"));
      server = g;
    }
    return server;
  }

  static Map<String, String> metadata(Map<String, String> extra) throws IOException {
    Map<String, String> md = new HashMap<>();
    md.put("host", "127.0.0.1");
    md.put("port", Integer.toString(get().getSmtp().getPort()));
    md.putAll(extra);
    return md;
  }
}
