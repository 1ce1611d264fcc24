package dev.plumb.bindings.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.runtime.Plumb;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP binding through Plumb against a real SMTP server (GreenMail) the test starts. */
class SmtpBindingTest {
  private GreenMail mail;

  @BeforeEach
  void clean() throws Exception {
    mail = MailServer.get();
    mail.purgeEmailFromAllMailboxes();
  }

  private static Plumb plumb(Map<String, String> extra) throws Exception {
    return Plumb.builder().component("mail", "bindings.smtp", MailServer.metadata(extra)).build();
  }

  private MimeMessage only(String subject) {
    MimeMessage[] all = mail.getReceivedMessages();
    return Arrays.stream(all)
        .filter(m -> subjectOf(m).equals(subject))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no message '" + subject + "' in " + all.length));
  }

  private static String subjectOf(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sendsAnHtmlMailWithTheComponentsEnvelopeAndPriority() throws Exception {
    String subject = "report " + UUID.randomUUID();
    try (Plumb plumb =
        plumb(
            Map.of(
                "emailFrom", "plumb@example.org",
                "emailTo", "ops@example.org;dev@example.org",
                "emailCC", "cc@example.org",
                "emailBCC", "audit@example.org",
                "subject", subject,
                "priority", "1"))) {
      plumb.outputBinding("mail").invoke("create", "<p>All green, ça va</p>");
    }
    MimeMessage m = only(subject);
    assertThat(m.getFrom()[0].toString()).isEqualTo("plumb@example.org");
    assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .containsExactly("ops@example.org", "dev@example.org");
    assertThat(m.getRecipients(Message.RecipientType.CC)[0].toString()).isEqualTo("cc@example.org");
    assertThat(m.getHeader("X-Priority")[0]).isEqualTo("1");
    assertThat(m.getContentType()).startsWith("text/html");
    assertThat(GreenMailUtil.getBody(m)).contains("All green");
    assertThat(mail.getReceivedMessages())
        .as("one delivery per recipient: two To, one Cc, one Bcc")
        .hasSize(4);
    assertThat(m.getHeader("Bcc")).as("and is not shown").isNull();
  }

  @Test
  void requestMetadataOverridesTheComponentsFields() throws Exception {
    String subject = "override " + UUID.randomUUID();
    try (Plumb plumb =
        plumb(Map.of("emailFrom", "plumb@example.org", "emailTo", "ops@example.org"))) {
      plumb
          .outputBinding("mail")
          .invoke(
              "create",
              "hi",
              Map.of("emailTo", "alice@example.org", "subject", subject, "priority", "5"));
    }
    MimeMessage m = only(subject);
    assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString())
        .isEqualTo("alice@example.org");
    assertThat(m.getHeader("X-Priority")[0]).isEqualTo("5");
  }

  @Test
  void authenticatesWithUserAndPassword() throws Exception {
    String subject = "auth " + UUID.randomUUID();
    try (Plumb plumb =
        plumb(
            Map.of(
                "user",
                MailServer.USER,
                "password",
                MailServer.PASSWORD,
                "emailFrom",
                "mailer@example.org",
                "emailTo",
                "ops@example.org",
                "subject",
                subject))) {
      plumb.outputBinding("mail").invoke("create", "signed in");
    }
    assertThat(only(subject)).isNotNull();
    try (Plumb plumb =
        plumb(
            Map.of(
                "user", MailServer.USER,
                "password", "wrong",
                "emailFrom", "mailer@example.org",
                "emailTo", "ops@example.org",
                "subject", "never"))) {
      assertThatThrownBy(() -> plumb.outputBinding("mail").invoke("create", "x"))
          .isInstanceOf(ComponentException.class)
          .hasMessageStartingWith("component 'mail' (bindings.smtp): create failed")
          .hasMessageNotContaining("wrong");
    }
  }

  @Test
  void aMissingOrBadEnvelopeFieldIsRefusedBeforeAnythingIsSent() throws Exception {
    try (Plumb plumb = plumb(Map.of("emailFrom", "plumb@example.org"))) {
      assertThatThrownBy(() -> plumb.outputBinding("mail").invoke("create", "x"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              "output binding 'mail' (bindings.smtp): operation 'create': 'emailTo' is required:"
                  + " set it in the request metadata or the component's metadata");
      assertThatThrownBy(
              () ->
                  plumb
                      .outputBinding("mail")
                      .invoke("create", "x", Map.of("emailTo", "not an address", "subject", "s")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith(
              "output binding 'mail' (bindings.smtp): operation 'create': 'emailTo' holds an"
                  + " invalid address");
      assertThatThrownBy(
              () ->
                  plumb
                      .outputBinding("mail")
                      .invoke(
                          "create",
                          "x",
                          Map.of("emailTo", "a@example.org", "subject", "s", "priority", "9")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("request metadata 'priority' must be between 1 (highest) and 5");
    }
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  @Test
  void badComponentMetadataFailsTheBuild() {
    assertThatThrownBy(() -> Plumb.builder().component("m", "bindings.smtp", Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'host' is required")
        .hasMessageContaining("metadata 'port' is required");
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component(
                        "m",
                        "bindings.smtp",
                        Map.of("host", "h", "port", "25", "user", "u", "priority", "0"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'user' and 'password' go together")
        .hasMessageContaining("metadata 'priority' must be between 1 (highest) and 5 (lowest)");
  }
}
