package dev.plumb.bindings.smtp;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import jakarta.mail.Session;
import java.util.Properties;

/**
 * The {@code bindings.smtp} provider (version {@code v1}). Component metadata, as Dapr reads it:
 * {@code host} and {@code port} (required), {@code user} and {@code password} (both or neither),
 * {@code skipTLSVerify}, and the defaults of each message: {@code emailFrom}, {@code emailTo},
 * {@code emailCC}, {@code emailBCC} (addresses separated by {@code ;}), {@code subject}, {@code
 * priority} (1 to 5, 3 by default). Like Dapr's mailer, it speaks TLS from the start on port 465,
 * and elsewhere upgrades with {@code STARTTLS} when the server offers it. See {@code
 * docs/components/bindings-smtp.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class SmtpBindingProvider implements ComponentProvider<OutputBindingComponent> {
  // gomail's dialer timeout.
  private static final String TIMEOUT_MILLIS = "10000";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public SmtpBindingProvider() {}

  @Override
  public String type() {
    return "bindings.smtp";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads the metadata; nothing connects until the first message.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if a field is missing or invalid
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    String host = md.requireString("host");
    int port = md.getInt("port", 0);
    if (port <= 0 || port > 65535) {
      md.addProblem("metadata 'port' is required: the SMTP server's port, such as 587");
    }
    String user = md.getString("user").orElse(null);
    String password = md.getString("password").orElse(null);
    if ((user == null) != (password == null)) {
      md.addProblem("metadata 'user' and 'password' go together: give both or neither");
    }
    boolean skipTlsVerify = md.getBoolean("skipTLSVerify", false);
    MessageDefaults defaults = MessageDefaults.read(md);
    md.validate();

    Properties p = new Properties();
    String protocol = port == 465 ? "smtps" : "smtp";
    p.setProperty("mail.transport.protocol", protocol);
    String prefix = "mail." + protocol + ".";
    p.setProperty(prefix + "host", host);
    p.setProperty(prefix + "port", Integer.toString(port));
    p.setProperty(prefix + "connectiontimeout", TIMEOUT_MILLIS);
    p.setProperty(prefix + "timeout", TIMEOUT_MILLIS);
    p.setProperty(prefix + "writetimeout", TIMEOUT_MILLIS);
    p.setProperty(prefix + "starttls.enable", "true");
    p.setProperty(prefix + "auth", Boolean.toString(user != null));
    if (skipTlsVerify) {
      p.setProperty(prefix + "ssl.trust", "*");
      p.setProperty(prefix + "ssl.checkserveridentity", "false");
    } else {
      p.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    Session session = Session.getInstance(p);
    return new SmtpBindingComponent(session, protocol, user, password, defaults);
  }
}
