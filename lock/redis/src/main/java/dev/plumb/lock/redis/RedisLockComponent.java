package dev.plumb.lock.redis;

import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.SafeEncoder;

/**
 * {@code lock.redis}: Dapr's standalone Redis lock. {@code tryLock} is {@code SET <id> <owner> NX
 * PX <ms>}; {@code unlock} runs Dapr's script, which answers -1 for a missing (or expired) lock, -2
 * for another owner's, and otherwise deletes the key. The script runs by its SHA-1 ({@code
 * EVALSHA}), and is sent again ({@code EVAL}) when a restarted server no longer knows it.
 * Thread-safe: one pooled client.
 */
final class RedisLockComponent implements LockComponent {
  /** Dapr's unlock script, byte for byte. */
  static final String UNLOCK_SCRIPT =
      "local v = redis.call(\"get\",KEYS[1]); if v==false then return -1 end; if v~=ARGV[1] then"
          + " return -2 else return redis.call(\"del\",KEYS[1]) end";

  private final UnifiedJedis client;
  private final String unlockSha = sha1(UNLOCK_SCRIPT);

  RedisLockComponent(UnifiedJedis client) {
    this.client = client;
  }

  @Override
  public boolean tryLock(TryLockRequest request) {
    String reply =
        client.set(
            request.resourceId(),
            request.lockOwner(),
            SetParams.setParams().nx().px(request.expiryInSeconds() * 1000L));
    return "OK".equals(reply);
  }

  @Override
  public UnlockStatus unlock(UnlockRequest request) {
    List<String> keys = List.of(request.resourceId());
    List<String> args = List.of(request.lockOwner());
    Object reply;
    try {
      reply = client.evalsha(unlockSha, keys, args);
    } catch (JedisNoScriptException e) {
      reply = client.eval(UNLOCK_SCRIPT, keys, args);
    }
    return status(reply);
  }

  /** Dapr's mapping of the script's answer. */
  static UnlockStatus status(Object reply) {
    if (!(reply instanceof Long n)) {
      return UnlockStatus.INTERNAL_ERROR;
    }
    if (n >= 0) {
      return UnlockStatus.SUCCESS;
    }
    if (n == -1) {
      return UnlockStatus.LOCK_DOES_NOT_EXIST;
    }
    if (n == -2) {
      return UnlockStatus.LOCK_BELONGS_TO_OTHERS;
    }
    return UnlockStatus.INTERNAL_ERROR;
  }

  /** Dapr's replica check: {@code connected_slaves} of {@code INFO replication}, 0 if unknown. */
  static int connectedReplicas(UnifiedJedis client) {
    String info;
    try {
      Object reply = client.sendCommand(Protocol.Command.INFO, "replication");
      info =
          reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    } catch (RuntimeException e) {
      // As in Dapr: a server that does not answer INFO passes the check.
      return 0;
    }
    return parseConnectedReplicas(info);
  }

  static int parseConnectedReplicas(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("connected_slaves:")) {
        try {
          return Integer.parseInt(line.substring("connected_slaves:".length()).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static String sha1(String script) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-1").digest(SafeEncoder.encode(script));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "RedisLockComponent";
  }
}
