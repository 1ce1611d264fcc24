package dev.plumb.testkit.servers;

/**
 * Fails each integration test up front when PostgreSQL at {@code PLUMB_POSTGRES_URL} (default
 * {@code postgres://postgres@127.0.0.1:5432/test}) does not accept connections, naming the server
 * and the variable.
 */
public final class PostgresqlServerCheck extends ServerCheck {
  /** Creates the extension; called by JUnit. */
  public PostgresqlServerCheck() {
    super("PostgreSQL", "PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test", 5432);
  }
}
