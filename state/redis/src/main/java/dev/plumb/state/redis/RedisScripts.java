package dev.plumb.state.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Lua scripts behind every state operation. Values live as Dapr keeps them: a hash per key with
 * fields {@code data} (the bytes) and {@code version} (an integer incremented by every write, which
 * is the etag). A plain string value, written by very old Dapr versions, is read as data without an
 * etag, and replaced by a hash on the next write.
 *
 * <p>Failed conditions return an error reply starting with {@link #MISMATCH}.
 */
final class RedisScripts {
  static final String MISMATCH = "PLUMB_ETAG_MISMATCH";

  /**
   * KEYS[1]: the key. Returns nil, or {data, version or nil, pttl}. Reads both Dapr layouts (a
   * hash, or a plain string from early releases); reads use it only for keys that are not hashes.
   */
  static final Script GET =
      new Script(
          """
          local t = redis.call('TYPE', KEYS[1])['ok']
          if t == 'none' then return false end
          if t == 'hash' then
            local v = redis.call('HMGET', KEYS[1], 'data', 'version')
            return {v[1], v[2], redis.call('PTTL', KEYS[1])}
          end
          if t == 'string' then
            return {redis.call('GET', KEYS[1]), false, redis.call('PTTL', KEYS[1])}
          end
          return redis.error_reply('WRONGTYPE key ' .. KEYS[1] .. ' holds a ' .. t)
          """);

  /**
   * KEYS[1]: the key. ARGV: [1] condition ({@code n} none, {@code f} first-write, {@code e} etag),
   * [2] etag, [3] data, [4] TTL in seconds or empty for none. Returns the new version.
   */
  static final Script SET =
      new Script(
          """
          local k = KEYS[1]
          local t = redis.call('TYPE', k)['ok']
          local c = ARGV[1]
          if c == 'f' and t ~= 'none' then
            return redis.error_reply('%1$s first-write: key exists')
          end
          if c == 'e' and (t ~= 'hash' or redis.call('HGET', k, 'version') ~= ARGV[2]) then
            return redis.error_reply('%1$s etag does not match')
          end
          if t ~= 'hash' and t ~= 'none' then redis.call('DEL', k) end
          redis.call('HSET', k, 'data', ARGV[3])
          local v = redis.call('HINCRBY', k, 'version', 1)
          if ARGV[4] ~= '' then redis.call('EXPIRE', k, ARGV[4]) else redis.call('PERSIST', k) end
          return v
          """
              .formatted(MISMATCH));

  /** KEYS[1]: the key. ARGV[1]: the etag, or empty for none. Returns the number deleted. */
  static final Script DELETE =
      new Script(
          """
          local k = KEYS[1]
          if ARGV[1] ~= '' and (redis.call('TYPE', k)['ok'] ~= 'hash'
              or redis.call('HGET', k, 'version') ~= ARGV[1]) then
            return redis.error_reply('%1$s etag does not match')
          end
          return redis.call('DEL', k)
          """
              .formatted(MISMATCH));

  /**
   * All or nothing: KEYS are the operations' keys in order; ARGV holds five entries per operation:
   * kind ({@code s} set, {@code d} delete), condition ({@code n}, {@code f}, {@code e}), etag,
   * data, TTL. Every condition is checked first, against the state the earlier operations of the
   * same transaction leave behind; only then is anything written. On failure the reply names the
   * index of the failing operation.
   */
  static final Script TRANSACT =
      new Script(
          """
          local sim = {}
          local function state(k)
            local s = sim[k]
            if s == nil then
              local t = redis.call('TYPE', k)['ok']
              if t == 'hash' then
                s = {exists = true, version = redis.call('HGET', k, 'version')}
              else
                s = {exists = (t ~= 'none'), version = false}
              end
              sim[k] = s
            end
            return s
          end
          for i = 1, #KEYS do
            local b = (i - 1) * 5
            local s = state(KEYS[i])
            local c = ARGV[b + 2]
            if c == 'f' and s.exists then
              return redis.error_reply('%1$s ' .. (i - 1) .. ' first-write: key exists')
            end
            if c == 'e' and (not s.exists or s.version ~= ARGV[b + 3]) then
              return redis.error_reply('%1$s ' .. (i - 1) .. ' etag does not match')
            end
            if ARGV[b + 1] == 's' then
              s.exists = true
              s.version = tostring((tonumber(s.version) or 0) + 1)
            else
              s.exists = false
              s.version = false
            end
          end
          for i = 1, #KEYS do
            local b = (i - 1) * 5
            local k = KEYS[i]
            if ARGV[b + 1] == 's' then
              local t = redis.call('TYPE', k)['ok']
              if t ~= 'hash' and t ~= 'none' then redis.call('DEL', k) end
              redis.call('HSET', k, 'data', ARGV[b + 4])
              redis.call('HINCRBY', k, 'version', 1)
              if ARGV[b + 5] ~= '' then
                redis.call('EXPIRE', k, ARGV[b + 5])
              else
                redis.call('PERSIST', k)
              end
            else
              redis.call('DEL', k)
            end
          end
          return #KEYS
          """
              .formatted(MISMATCH));

  private RedisScripts() {}

  /** A script with its SHA-1, for EVALSHA. */
  static final class Script {
    final String source;
    final String sha;
    final byte[] shaBytes;

    Script(String source) {
      this.source = source;
      this.sha = sha1(source);
      this.shaBytes = sha.getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha1(String s) {
      try {
        byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(40);
        for (byte x : d) {
          b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-1 is missing from this JVM", e);
      }
    }
  }
}
