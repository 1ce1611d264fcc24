package dev.plumb.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CausesTest {
  @Test
  void namesWhatEachCauseAdds() {
    Exception e =
        new IllegalStateException(
            "Failed to create socket.", new UnknownHostException("no-such-host"));
    assertThat(Causes.describe(e))
        .isEqualTo("Failed to create socket. (caused by UnknownHostException: no-such-host)");
  }

  @Test
  void aCauseItsEffectAlreadyQuotesReadsOnce() {
    IOException root = new IOException("Connection refused");
    Exception sdk =
        new RuntimeException(
            "Unable to execute HTTP request: Connection refused",
            new RuntimeException("Unable to execute HTTP request: Connection refused", root));
    assertThat(Causes.describe(sdk))
        .isEqualTo("Unable to execute HTTP request: Connection refused");
  }

  @Test
  void anExceptionWithoutAMessageIsNamedByItsType() {
    assertThat(Causes.describe(new NullPointerException())).isEqualTo("NullPointerException");
    assertThat(Causes.describe(new RuntimeException("wrapped", new NullPointerException())))
        .isEqualTo("wrapped (caused by NullPointerException)");
  }
}
