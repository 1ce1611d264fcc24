package dev.plumb.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.ETagMismatchException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
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

  @Test
  void ignoresCase() {
    assertThat(redactor.redact("UnknownHostException: DB.INTERNAL.EXAMPLE"))
        .isEqualTo("UnknownHostException: ***");
    assertThat(Redactor.of(List.of("Ab")).redact("ab AB cd")).isEqualTo("*** *** cd");
  }

  @Test
  void redactsPlumbExceptionsKeepingTheirTypes() {
    ETagMismatchException mismatch =
        new ETagMismatchException("state store 's': key 'db.internal.example||k' does not exist");
    ComponentException failed =
        new ComponentException(
            "s", "state.redis", "get failed: db.internal.example", new IOException("Zq9vX7"));
    BulkStateException bulk = new BulkStateException(Map.of("k", mismatch));

    assertThat(redactor.redact((PlumbException) mismatch))
        .isInstanceOf(ETagMismatchException.class)
        .hasMessage(
            "possible etag mismatch. error from state store: state store 's': key '***||k' does"
                + " not exist");
    PlumbException safe = redactor.redact((PlumbException) failed);
    assertThat(safe)
        .isInstanceOf(ComponentException.class)
        .hasMessage("component 's' (state.redis): get failed: ***");
    assertThat(safe.getCause()).hasToString("java.io.IOException (redacted): ***");
    assertThat(((BulkStateException) redactor.redact((PlumbException) bulk)).failures().get("k"))
        .isInstanceOf(ETagMismatchException.class)
        .hasMessage(
            "possible etag mismatch. error from state store: state store 's': key '***||k' does"
                + " not exist");
    InvalidRequestException clean = new InvalidRequestException("bad key");
    assertThat(redactor.redact((PlumbException) clean)).isSameAs(clean);
  }
}
