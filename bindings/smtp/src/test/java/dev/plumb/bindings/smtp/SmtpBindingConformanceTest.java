package dev.plumb.bindings.smtp;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;

/** Dapr's bindings conformance scenarios for smtp ({@code create}) against GreenMail. */
class SmtpBindingConformanceTest extends BindingsConformanceKit {
  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext(
            "mail",
            "bindings.smtp",
            MailServer.metadata(
                Map.of(
                    "emailFrom", "plumb@example.org",
                    "emailTo", "ops@example.org",
                    "subject", "conformance")))
        .createComponent(OutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create");
  }
}
