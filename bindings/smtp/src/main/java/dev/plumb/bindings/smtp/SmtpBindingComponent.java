package dev.plumb.bindings.smtp;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sends one e-mail per {@code create}: the data is the HTML body (UTF-8), the envelope comes from
 * {@link MessageDefaults} merged with the request, and the priority goes in {@code X-Priority}, as
 * Dapr's mailer writes it. Addresses are checked before anything is sent, so a bad one names its
 * field and no message leaves half-addressed. One connection per message, as Dapr dials per
 * message. Thread-safe.
 */
final class SmtpBindingComponent implements OutputBindingComponent {
  private final Session session;
  private final String protocol;
  private final String user;
  private final String password;
  private final MessageDefaults defaults;

  SmtpBindingComponent(
      Session session, String protocol, String user, String password, MessageDefaults defaults) {
    this.session = session;
    this.protocol = protocol;
    this.user = user;
    this.password = password;
    this.defaults = defaults;
  }

  @Override
  public Set<String> operations() {
    return Set.of("create");
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws MessagingException {
    String op = request.operation();
    if (!op.equals("create")) {
      throw new UnsupportedFeatureException("operation '" + op + "' is not supported");
    }
    MessageDefaults m = defaults.merge(op, request.metadata());
    MimeMessage message = new MimeMessage(session);
    message.setFrom(addresses(op, "emailFrom", m.emailFrom()).get(0));
    message.setRecipients(Message.RecipientType.TO, array(addresses(op, "emailTo", m.emailTo())));
    if (m.emailCc() != null) {
      message.setRecipients(Message.RecipientType.CC, array(addresses(op, "emailCC", m.emailCc())));
    }
    if (m.emailBcc() != null) {
      message.setRecipients(
          Message.RecipientType.BCC, array(addresses(op, "emailBCC", m.emailBcc())));
    }
    message.setSubject(m.subject(), "UTF-8");
    message.setHeader("X-Priority", Integer.toString(m.priority()));
    message.setText(new String(request.data(), StandardCharsets.UTF_8), "UTF-8", "html");
    message.saveChanges();
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(user, password);
      transport.sendMessage(message, message.getAllRecipients());
    }
    return BindingResponse.EMPTY;
  }

  /** Dapr's list: addresses separated by {@code ;}, each parsed strictly. */
  private static List<InternetAddress> addresses(String op, String field, String value) {
    List<InternetAddress> list = new ArrayList<>();
    for (String part : value.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        list.add(new InternetAddress(part.trim(), true));
      } catch (AddressException e) {
        throw new InvalidRequestException(
            "operation '" + op + "': '" + field + "' holds an invalid address: " + e.getMessage(),
            e);
      }
    }
    if (list.isEmpty()) {
      throw MessageDefaults.invalid(op, "'" + field + "' holds no address");
    }
    return list;
  }

  private static InternetAddress[] array(List<InternetAddress> list) {
    return list.toArray(new InternetAddress[0]);
  }

  @Override
  public String toString() {
    return "SmtpBinding[" + session.getProperty("mail." + protocol + ".host") + "]";
  }
}
