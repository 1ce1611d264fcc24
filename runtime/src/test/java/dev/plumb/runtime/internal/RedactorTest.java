package dev.plumb.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = Redactor.of(List.of("Zq9vX7 m2pLw8", "db.internal.example"));

  @Test
  void redactsWholeValuesAndEveryPartOfFourCharactersOrMore() {
    assertThat(redactor.redact("password=Zq9vX7 m2pLw8;")).isEqualTo("password=***;");
    // A driver that cut the password at its space still quotes a part of it.
    assertThat(redactor.redact("auth failed near 'Zq9vX7'")).isEqualTo("auth failed near '***'");
    assertThat(redactor.redact("unknown host internal.example")).isEqualTo("unknown host ***");
    assertThat(redactor.redact("7 m2p")).isEqualTo("***");
    // Three characters or fewer are not a fragment, and texts without secrets stay as they are.
    assertThat(redactor.redact("Zq9 is up")).isEqualTo("Zq9 is up");
    assertThat(redactor.leaks("nothing here")).isFalse();
    assertThat(redactor.leaks("pass=m2pL")).isTrue();
  }

  @Test
  void redactsTheWholeCauseChainKeepingTypesAndStacks() {
    UnknownHostException root = new UnknownHostException("db.internal.example");
    IOException top = new IOException("Failed to create socket.", root);

    Throwable safe = redactor.redact(top);

    assertThat(safe).isNotSameAs(top).hasMessage("Failed to create socket.");
    assertThat(safe.getStackTrace()).isEqualTo(top.getStackTrace());
    assertThat(safe.getCause())
        .hasToString("java.net.UnknownHostException (redacted): ***")
        .isInstanceOf(Redactor.RedactedException.class);
    assertThat(((Redactor.RedactedException) safe.getCause()).originalType())
        .isEqualTo("java.net.UnknownHostException");
  }

  @Test
  void aChainWithoutSecretsIsKeptAsItIs() {
    IOException e = new IOException("connection refused");
    assertThat(redactor.redact(e)).isSameAs(e);
    assertThat(Redactor.none().redact("hunter2")).isEqualTo("hunter2");
  }
}
