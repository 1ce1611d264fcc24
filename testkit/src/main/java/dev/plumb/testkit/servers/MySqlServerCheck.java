package dev.plumb.testkit.servers;

/**
 * Fails each integration test up front when MySQL or MariaDB at {@code PLUMB_MYSQL_URL} (default
 * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root}) does not accept connections, naming the
 * server and the variable.
 */
public final class MySqlServerCheck extends ServerCheck {
  /** Creates the extension; called by JUnit. */
  public MySqlServerCheck() {
    super("MySQL/MariaDB", "PLUMB_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root", 3306);
  }
}
