package dev.plumb.state.redis;

import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Actor reminders on Redis, indexed by due time: per partition of an actor type, a sorted set
 * {@code plumb-reminders||{<appId>||<type>||<partition>}||due} (member {@code <actorId>||<name>},
 * score the due time in epoch milliseconds) and a hash {@code ...||data} (same member, the rest of
 * the reminder). The braces make both keys one hash slot, so every script is atomic also under
 * Redis Cluster. A scan is one {@code ZRANGEBYSCORE} of the due ones; a batch of completions is one
 * script per partition, all pipelined: one round trip.
 *
 * <p>A hash value is {@code revision\nperiod\nremaining\nexpiration\nflag\n} followed by the
 * payload's bytes ({@code flag} 1) or nothing ({@code flag} 0), so a script compares revisions
 * without decoding anything else. Thread-safe.
 */
final class RedisReminders implements ReminderStore {
  private static final String SEPARATOR = "||";

  /** KEYS: due, data. ARGV: member, score, value. */
  static final RedisScripts.Script SAVE =
      new RedisScripts.Script(
          """
          redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
          return 1
          """);

  /** KEYS: due, data. ARGV: member. */
  static final RedisScripts.Script DELETE =
      new RedisScripts.Script(
          """
          redis.call('ZREM', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          return 1
          """);

  /** KEYS: due, data. ARGV: member. Returns {score, value} or nil. */
  static final RedisScripts.Script GET =
      new RedisScripts.Script(
          """
          local s = redis.call('ZSCORE', KEYS[1], ARGV[1])
          if not s then return false end
          return {s, redis.call('HGET', KEYS[2], ARGV[1])}
          """);

  /**
   * KEYS: due, data. ARGV: the exclusive bound ({@code (<ms>}), the limit. Returns member, score,
   * value, ... for the earliest due members.
   */
  static final RedisScripts.Script DUE =
      new RedisScripts.Script(
          """
          local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1],
              'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
          if #due == 0 then return {} end
          local members = {}
          for i = 1, #due, 2 do members[#members + 1] = due[i] end
          local values = redis.call('HMGET', KEYS[2], unpack(members))
          local out = {}
          for i = 1, #members do
            out[#out + 1] = members[i]
            out[#out + 1] = due[2 * i]
            out[#out + 1] = values[i] or ''
          end
          return out
          """);

  /**
   * KEYS: due, data. ARGV: four per completion: member, the revision that fired, the next score
   * (empty: delete), the next value. A completion applies only if the stored revision still is the
   * one that fired.
   */
  static final RedisScripts.Script COMPLETE =
      new RedisScripts.Script(
          """
          for i = 1, #ARGV, 4 do
            local v = redis.call('HGET', KEYS[2], ARGV[i])
            if v and string.match(v, '^([^\\n]*)\\n') == ARGV[i + 1] then
              if ARGV[i + 2] == '' then
                redis.call('ZREM', KEYS[1], ARGV[i])
                redis.call('HDEL', KEYS[2], ARGV[i])
              else
                redis.call('ZADD', KEYS[1], ARGV[i + 2], ARGV[i])
                redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 3])
              end
            end
          end
          return 1
          """);

  private final UnifiedJedis client;

  RedisReminders(UnifiedJedis client) {
    this.client = client;
  }

  /** The sorted set and the hash of a partition. */
  private static List<byte[]> keys(ReminderPartition p) {
    String base =
        "plumb-reminders||{"
            + p.appId()
            + SEPARATOR
            + p.actorType()
            + SEPARATOR
            + p.partition()
            + "}||";
    return List.of(bytes(base + "due"), bytes(base + "data"));
  }

  private static byte[] member(ReminderKey key) {
    return bytes(key.actorId() + SEPARATOR + key.name());
  }

  @Override
  public void saveReminder(StoredReminder r) {
    ReminderKey key = r.key();
    eval(SAVE, keys(key.partitionKey()), List.of(member(key), score(r.dueTime()), encode(r)));
  }

  @Override
  public StoredReminder getReminder(ReminderKey key) {
    Object reply = eval(GET, keys(key.partitionKey()), List.of(member(key)));
    if (reply == null) {
      return null;
    }
    List<?> parts = (List<?>) reply;
    return decode(key, (byte[]) parts.get(0), (byte[]) parts.get(1));
  }

  @Override
  public void deleteReminder(ReminderKey key) {
    eval(DELETE, keys(key.partitionKey()), List.of(member(key)));
  }

  @Override
  public List<StoredReminder> dueReminders(ReminderPartition partition, Instant before, int limit) {
    List<?> reply =
        (List<?>)
            eval(
                DUE,
                keys(partition),
                List.of(bytes("(" + before.toEpochMilli()), bytes(Integer.toString(limit))));
    List<StoredReminder> out = new ArrayList<>(reply.size() / 3);
    for (int i = 0; i < reply.size(); i += 3) {
      String member = string((byte[]) reply.get(i));
      int at = member.indexOf(SEPARATOR);
      ReminderKey key =
          new ReminderKey(
              partition.appId(),
              partition.actorType(),
              member.substring(0, at),
              member.substring(at + SEPARATOR.length()),
              partition.partition());
      byte[] value = (byte[]) reply.get(i + 2);
      if (value.length > 0) {
        out.add(decode(key, (byte[]) reply.get(i + 1), value));
      }
    }
    return out;
  }

  @Override
  public void completeReminders(List<ReminderCompletion> completions) {
    Map<ReminderPartition, List<byte[]>> byPartition = new LinkedHashMap<>();
    for (ReminderCompletion c : completions) {
      List<byte[]> args =
          byPartition.computeIfAbsent(c.key().partitionKey(), p -> new ArrayList<>());
      args.add(member(c.key()));
      args.add(bytes(Long.toString(c.firedRevision())));
      StoredReminder next = c.next();
      args.add(next == null ? new byte[0] : score(next.dueTime()));
      args.add(next == null ? new byte[0] : encode(next));
    }
    List<Map.Entry<ReminderPartition, Response<Object>>> replies = new ArrayList<>();
    try (AbstractPipeline p = client.pipelined()) {
      byPartition.forEach(
          (partition, args) ->
              replies.add(
                  Map.entry(partition, p.evalsha(COMPLETE.shaBytes, keys(partition), args))));
      p.sync();
    }
    for (Map.Entry<ReminderPartition, Response<Object>> r : replies) {
      try {
        r.getValue().get();
      } catch (JedisNoScriptException e) {
        eval(COMPLETE, keys(r.getKey()), byPartition.get(r.getKey()));
      }
    }
  }

  private Object eval(RedisScripts.Script script, List<byte[]> keys, List<byte[]> args) {
    try {
      return client.evalsha(script.shaBytes, keys, args);
    } catch (JedisNoScriptException e) {
      // The server lost its script cache: load it and run again; the failed call ran nothing.
      client.scriptLoad(script.source.getBytes(StandardCharsets.UTF_8), keys.get(0));
      return client.evalsha(script.shaBytes, keys, args);
    }
  }

  private static byte[] score(Instant due) {
    return bytes(Long.toString(due.toEpochMilli()));
  }

  static byte[] encode(StoredReminder r) {
    String header =
        r.revision()
            + "\n"
            + (r.period() == null ? "" : r.period())
            + "\n"
            + r.remainingRepetitions()
            + "\n"
            + (r.expiration() == null ? "" : Long.toString(r.expiration().toEpochMilli()))
            + "\n"
            + (r.data() == null ? "0" : "1")
            + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(bytes(header));
    if (r.data() != null) {
      out.writeBytes(r.data());
    }
    return out.toByteArray();
  }

  static StoredReminder decode(ReminderKey key, byte[] score, byte[] value) {
    String[] fields = new String[5];
    int start = 0;
    for (int f = 0; f < fields.length; f++) {
      int end = start;
      while (value[end] != '\n') {
        end++;
      }
      fields[f] = new String(value, start, end - start, StandardCharsets.UTF_8);
      start = end + 1;
    }
    return new StoredReminder(
        key,
        Instant.ofEpochMilli((long) Double.parseDouble(string(score))),
        fields[1].isEmpty() ? null : fields[1],
        Integer.parseInt(fields[2]),
        fields[3].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(fields[3])),
        fields[4].equals("1") ? Arrays.copyOfRange(value, start, value.length) : null,
        Long.parseLong(fields[0]));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
