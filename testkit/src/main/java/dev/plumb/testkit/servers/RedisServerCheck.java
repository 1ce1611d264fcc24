package dev.plumb.testkit.servers;

/**
 * Fails each integration test up front when Redis at {@code PLUMB_REDIS_URL} (default {@code
 * redis://127.0.0.1:6379}) does not accept connections, naming the server and the variable.
 */
public final class RedisServerCheck extends ServerCheck {
  /** Creates the extension; called by JUnit. */
  public RedisServerCheck() {
    super("Redis", "PLUMB_REDIS_URL", "redis://127.0.0.1:6379", 6379);
  }
}
