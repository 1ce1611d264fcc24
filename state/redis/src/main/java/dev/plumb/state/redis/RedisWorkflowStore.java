package dev.plumb.state.redis;

import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowStoreException;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import dev.plumb.api.workflow.spi.WorkflowBinaryCodec;
import dev.plumb.api.workflow.spi.WorkflowStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.resps.Tuple;

/**
 * Workflows stored natively on Redis, every step one Lua script (one round trip). The keys of an
 * application share the prefix {@code plumb-wf||{<appId>}||}; the braces make them one hash slot,
 * so every script is atomic also under Redis Cluster, which keeps an application's workflows on one
 * node of the cluster.
 *
 * <ul>
 *   <li>{@code leases}: hash, {@code epoch} the last epoch granted, and per partition {@code p}
 *       {@code o<p>} owner, {@code e<p>} epoch, {@code u<p>} expiry (epoch milliseconds);
 *   <li>{@code members}: hash, engine id to when it is presumed gone (epoch milliseconds);
 *   <li>{@code i||<id>}: hash, the instance row: {@code v} version, {@code t} 1 if terminal, {@code
 *       pa} parent id, {@code r} the {@link InstanceRecord} encoded by {@link WorkflowBinaryCodec};
 *   <li>{@code h||<id>}: list, the current generation's history, one element per step: the commit's
 *       epoch in decimal, a newline, then the step's encoded events;
 *   <li>{@code w||<id>}: hash, the instance's work items, field the item's key, value its kind's
 *       initial ({@code A}, {@code T}, {@code M}) then the encoded item (without instance, key and
 *       kind, which the key, field and initial hold);
 *   <li>{@code pending||<p>}: set, the ids of partition {@code p}'s instances that have work;
 *   <li>{@code signal||<p>}: set, the ids of partition {@code p}'s instances signalled work;
 *   <li>{@code created}: sorted set, every instance id scored by creation time (milliseconds);
 *   <li>{@code children||<id>}: set, the ids of the instance's child workflows.
 * </ul>
 *
 * <p>The scripts name the {@code leases} key in {@code KEYS} and build the other keys from the
 * prefix: they all share its hash slot, which is what a cluster checks. A commit that adds work for
 * other instances (a child's start, a result for the parent) writes their keys in the same script,
 * which is possible only because an application's instances share one slot; spreading one
 * application over a cluster's nodes would need per-partition tags and a non-atomic hand-off of
 * such work, and is not done. Thread-safe: the Jedis client is pooled.
 */
final class RedisWorkflowStore implements WorkflowStore {
  private static final String OK = "OK";

  /**
   * KEYS: leases, members. ARGV: owner, now, until (milliseconds), partitions, release count, the
   * partitions released, then the partitions to acquire. Returns {leases: partition, owner, epoch,
   * until, ...; members: id, until, ...}.
   */
  static final RedisScripts.Script LEASE =
      new RedisScripts.Script(
          """
          local lk, mk, owner = KEYS[1], KEYS[2], ARGV[1]
          local now, untl = tonumber(ARGV[2]), ARGV[3]
          local parts, nrel = tonumber(ARGV[4]), tonumber(ARGV[5])
          local release = {}
          for i = 6, 5 + nrel do release[ARGV[i]] = true end
          redis.call('HSET', mk, owner, untl)
          local m = redis.call('HGETALL', mk)
          local members = {}
          for i = 1, #m, 2 do
            if tonumber(m[i + 1]) <= now then
              redis.call('HDEL', mk, m[i])
            else
              members[#members + 1] = m[i]
              members[#members + 1] = m[i + 1]
            end
          end
          local t = {}
          local raw = redis.call('HGETALL', lk)
          for i = 1, #raw, 2 do t[raw[i]] = raw[i + 1] end
          local epoch = tonumber(t['epoch'] or '0')
          for p = 0, parts - 1 do
            local s = tostring(p)
            if t['o' .. s] == owner then
              if release[s] then
                redis.call('HDEL', lk, 'o' .. s, 'e' .. s, 'u' .. s)
                t['o' .. s] = nil
              else
                redis.call('HSET', lk, 'u' .. s, untl)
                t['u' .. s] = untl
              end
            end
          end
          for i = 6 + nrel, #ARGV do
            local s = ARGV[i]
            local p = tonumber(s)
            if p >= 0 and p < parts and (t['o' .. s] == nil or tonumber(t['u' .. s]) <= now) then
              epoch = epoch + 1
              local e = string.format('%d', epoch)
              redis.call('HSET', lk, 'o' .. s, owner, 'e' .. s, e, 'u' .. s, untl)
              t['o' .. s], t['e' .. s], t['u' .. s] = owner, e, untl
            end
          end
          redis.call('HSET', lk, 'epoch', string.format('%d', epoch))
          local leases = {}
          for p = 0, parts - 1 do
            local s = tostring(p)
            if t['o' .. s] then
              leases[#leases + 1] = s
              leases[#leases + 1] = t['o' .. s]
              leases[#leases + 1] = t['e' .. s]
              leases[#leases + 1] = t['u' .. s]
            end
          end
          return {leases, members}
          """);

  /**
   * KEYS: leases. ARGV: [1] prefix, [2] instance id or empty, [3] 1 if the row changes, [4]
   * expected version, [5] epoch, [6] the instance's partition, [7] new version, [8] 1 if the new
   * row is terminal, [9] the encoded row, [10] its creation time (milliseconds), [11] its parent or
   * empty, [12] 1 to reset the history, [13] the step's history element or empty, [14] 1 to clear
   * tasks, [15] 1 to signal, [16] the count of removed keys; then instance, key, partition per
   * removed key; then instance, key, partition, value per added item. Returns OK, VERSION_CONFLICT
   * or FENCED.
   */
  static final RedisScripts.Script COMMIT =
      new RedisScripts.Script(
          """
          local P, id = ARGV[1], ARGV[2]
          local touched = {}
          if ARGV[3] == '1' then
            local rk = P .. 'i||' .. id
            local cur = redis.call('HMGET', rk, 'v', 't', 'pa')
            if (cur[1] or '0') ~= ARGV[4] then return 'VERSION_CONFLICT' end
            if ARGV[5] == '0' then
              if cur[1] and cur[2] ~= '1' then return 'FENCED' end
            elseif redis.call('HGET', KEYS[1], 'e' .. ARGV[6]) ~= ARGV[5] then
              return 'FENCED'
            end
            redis.call('HSET', rk, 'v', ARGV[7], 't', ARGV[8], 'pa', ARGV[11], 'r', ARGV[9])
            local hk = P .. 'h||' .. id
            if ARGV[12] == '1' then redis.call('DEL', hk) end
            if ARGV[13] ~= '' then redis.call('RPUSH', hk, ARGV[13]) end
            redis.call('ZADD', P .. 'created', ARGV[10], id)
            if cur[3] and cur[3] ~= '' and cur[3] ~= ARGV[11] then
              redis.call('SREM', P .. 'children||' .. cur[3], id)
            end
            if ARGV[11] ~= '' then redis.call('SADD', P .. 'children||' .. ARGV[11], id) end
            if ARGV[14] == '1' then
              local wk = P .. 'w||' .. id
              local all = redis.call('HGETALL', wk)
              for i = 1, #all, 2 do
                if string.sub(all[i + 1], 1, 1) ~= 'M' then redis.call('HDEL', wk, all[i]) end
              end
              touched[id] = ARGV[6]
            end
          end
          local i = 17
          for _ = 1, tonumber(ARGV[16]) do
            redis.call('HDEL', P .. 'w||' .. ARGV[i], ARGV[i + 1])
            touched[ARGV[i]] = ARGV[i + 2]
            i = i + 3
          end
          local signal = ARGV[15] == '1'
          while i <= #ARGV do
            redis.call('HSET', P .. 'w||' .. ARGV[i], ARGV[i + 1], ARGV[i + 3])
            touched[ARGV[i]] = ARGV[i + 2]
            if signal then redis.call('SADD', P .. 'signal||' .. ARGV[i + 2], ARGV[i]) end
            i = i + 4
          end
          for wid, p in pairs(touched) do
            if redis.call('EXISTS', P .. 'w||' .. wid) == 1 then
              redis.call('SADD', P .. 'pending||' .. p, wid)
            else
              redis.call('SREM', P .. 'pending||' .. p, wid)
            end
          end
          return 'OK'
          """);

  /** KEYS: leases. ARGV: prefix, id. Returns nil, or {row, step, step, ...}. */
  static final RedisScripts.Script LOAD =
      new RedisScripts.Script(
          """
          local r = redis.call('HGET', ARGV[1] .. 'i||' .. ARGV[2], 'r')
          if not r then return false end
          local out = redis.call('LRANGE', ARGV[1] .. 'h||' .. ARGV[2], 0, -1)
          table.insert(out, 1, r)
          return out
          """);

  /**
   * KEYS: leases. ARGV: prefix, partition. Returns the partition's work items: instance id, key,
   * value, ...
   */
  static final RedisScripts.Script PENDING =
      new RedisScripts.Script(
          """
          local out = {}
          for _, wid in ipairs(redis.call('SMEMBERS', ARGV[1] .. 'pending||' .. ARGV[2])) do
            local kv = redis.call('HGETALL', ARGV[1] .. 'w||' .. wid)
            for j = 1, #kv, 2 do
              out[#out + 1] = wid
              out[#out + 1] = kv[j]
              out[#out + 1] = kv[j + 1]
            end
          end
          return out
          """);

  /**
   * KEYS: leases. ARGV: prefix, then partitions. Takes their signal sets; returns the signalled
   * instances' work items: instance id, key, value, ...
   */
  static final RedisScripts.Script INBOX =
      new RedisScripts.Script(
          """
          local out = {}
          for i = 2, #ARGV do
            local sk = ARGV[1] .. 'signal||' .. ARGV[i]
            local ids = redis.call('SMEMBERS', sk)
            if #ids > 0 then
              redis.call('DEL', sk)
              for _, wid in ipairs(ids) do
                local kv = redis.call('HGETALL', ARGV[1] .. 'w||' .. wid)
                for j = 1, #kv, 2 do
                  out[#out + 1] = wid
                  out[#out + 1] = kv[j]
                  out[#out + 1] = kv[j + 1]
                end
              end
            end
          end
          return out
          """);

  /** KEYS: leases. ARGV: prefix, parent id. Returns the ids whose row names that parent. */
  static final RedisScripts.Script CHILDREN =
      new RedisScripts.Script(
          """
          local out = {}
          for _, c in ipairs(redis.call('SMEMBERS', ARGV[1] .. 'children||' .. ARGV[2])) do
            if redis.call('HGET', ARGV[1] .. 'i||' .. c, 'pa') == ARGV[2] then out[#out + 1] = c end
          end
          return out
          """);

  /** KEYS: leases. ARGV: prefix, id, partition. Returns 1 if the row existed, else 0. */
  static final RedisScripts.Script PURGE =
      new RedisScripts.Script(
          """
          local P, id = ARGV[1], ARGV[2]
          local rk = P .. 'i||' .. id
          local parent = redis.call('HGET', rk, 'pa')
          local existed = redis.call('EXISTS', rk)
          redis.call('DEL', rk, P .. 'h||' .. id, P .. 'w||' .. id)
          redis.call('SREM', P .. 'pending||' .. ARGV[3], id)
          redis.call('SREM', P .. 'signal||' .. ARGV[3], id)
          redis.call('ZREM', P .. 'created', id)
          if parent and parent ~= '' then redis.call('SREM', P .. 'children||' .. parent, id) end
          return existed
          """);

  private final UnifiedJedis client;
  private final String prefix;
  private final byte[] prefixBytes;
  private final List<byte[]> leaseKeys;
  private final List<byte[]> routing;
  private final byte[] createdKey;

  /**
   * Creates the store of one application.
   *
   * @param client the component's client
   * @param appId the application's id; empty stands for {@code app}
   */
  RedisWorkflowStore(UnifiedJedis client, String appId) {
    this.client = client;
    this.prefix = "plumb-wf||{" + (appId.isEmpty() ? "app" : appId) + "}||";
    this.prefixBytes = bytes(prefix);
    this.leaseKeys = List.of(bytes(prefix + "leases"), bytes(prefix + "members"));
    this.routing = List.of(leaseKeys.get(0));
    this.createdKey = bytes(prefix + "created");
  }

  /**
   * Returns the key prefix of this application's workflows, for tests.
   *
   * @return the prefix, ending in {@code ||}
   */
  String prefix() {
    return prefix;
  }

  private int partition(String instanceId) {
    return WorkflowStore.partitionOf(instanceId, partitions());
  }

  @Override
  public WorkflowStore forApp(String appId) {
    return new RedisWorkflowStore(client, appId);
  }

  // ---- leases ----

  @Override
  public Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl) {
    List<byte[]> args = new ArrayList<>(5 + acquire.size() + release.size());
    args.add(bytes(owner));
    args.add(number(now.toEpochMilli()));
    args.add(number(now.plus(ttl).toEpochMilli()));
    args.add(number(partitions()));
    args.add(number(release.size()));
    release.forEach(p -> args.add(number(p)));
    acquire.forEach(p -> args.add(number(p)));
    List<?> reply = (List<?>) eval(LEASE, leaseKeys, args);
    List<?> rawLeases = (List<?>) reply.get(0);
    List<?> rawMembers = (List<?>) reply.get(1);
    List<Lease> leases = new ArrayList<>(rawLeases.size() / 4);
    for (int i = 0; i < rawLeases.size(); i += 4) {
      leases.add(
          new Lease(
              Integer.parseInt(string(rawLeases.get(i))),
              string(rawLeases.get(i + 1)),
              Long.parseLong(string(rawLeases.get(i + 2))),
              Instant.ofEpochMilli(Long.parseLong(string(rawLeases.get(i + 3))))));
    }
    Map<String, Instant> members = new HashMap<>();
    for (int i = 0; i < rawMembers.size(); i += 2) {
      members.put(
          string(rawMembers.get(i)),
          Instant.ofEpochMilli(Long.parseLong(string(rawMembers.get(i + 1)))));
    }
    return new Leases(leases, members);
  }

  // ---- reading ----

  @Override
  public InstanceRecord get(String instanceId) {
    byte[] r = unsent(() -> client.hget(bytes(prefix + "i||" + instanceId), bytes("r")));
    return r == null ? null : WorkflowBinaryCodec.decodeRecord(r);
  }

  @Override
  public StoredInstance load(String instanceId) {
    Object reply = eval(LOAD, routing, List.of(prefixBytes, bytes(instanceId)));
    if (reply == null) {
      return null;
    }
    List<?> parts = (List<?>) reply;
    List<HistoryEvent> history = new ArrayList<>();
    for (int i = 1; i < parts.size(); i++) {
      byte[] step = (byte[]) parts.get(i);
      history.addAll(WorkflowBinaryCodec.decodeEvents(step, eventsAt(step)));
    }
    return new StoredInstance(WorkflowBinaryCodec.decodeRecord((byte[]) parts.get(0)), history);
  }

  /**
   * Returns the epoch each stored step of an instance's current history was committed with, in
   * order, for tests.
   *
   * @param instanceId the instance
   * @return the epochs, one per step
   */
  List<Long> stepEpochs(String instanceId) {
    List<Long> out = new ArrayList<>();
    for (byte[] step : client.lrange(bytes(prefix + "h||" + instanceId), 0, -1)) {
      out.add(stepEpoch(step));
    }
    return out;
  }

  /**
   * Returns the epoch a history element was committed with.
   *
   * @param step a history element
   * @return its epoch
   */
  static long stepEpoch(byte[] step) {
    return Long.parseLong(new String(step, 0, eventsAt(step) - 1, StandardCharsets.US_ASCII));
  }

  /** Where a history element's events start: after the epoch and its newline. */
  private static int eventsAt(byte[] step) {
    for (int i = 0; i < step.length; i++) {
      if (step[i] == '\n') {
        return i + 1;
      }
    }
    throw new WorkflowStoreException("workflow store: a stored history step has no epoch");
  }

  @Override
  public List<WorkItem> pendingWork(int partition) {
    return work(eval(PENDING, routing, List.of(prefixBytes, number(partition))));
  }

  @Override
  public List<WorkItem> inbox(Set<Integer> partitions) {
    if (partitions.isEmpty()) {
      return List.of();
    }
    List<byte[]> args = new ArrayList<>(partitions.size() + 1);
    args.add(prefixBytes);
    partitions.forEach(p -> args.add(number(p)));
    return work(eval(INBOX, routing, args));
  }

  /** Decodes a script's work items: instance id, key, then the kind's initial and the item. */
  private static List<WorkItem> work(Object reply) {
    List<?> values = (List<?>) reply;
    List<WorkItem> out = new ArrayList<>(values.size() / 3);
    for (int i = 0; i < values.size(); i += 3) {
      String instanceId = string(values.get(i));
      String key = string(values.get(i + 1));
      byte[] value = (byte[]) values.get(i + 2);
      WorkItem.Kind kind =
          switch (value.length == 0 ? 0 : value[0]) {
            case 'A' -> WorkItem.Kind.ACTIVITY;
            case 'T' -> WorkItem.Kind.TIMER;
            case 'M' -> WorkItem.Kind.MESSAGE;
            default ->
                throw new WorkflowStoreException(
                    "workflow store: a stored work item '"
                        + key
                        + "' of instance '"
                        + instanceId
                        + "' has an unknown kind");
          };
      out.add(WorkflowBinaryCodec.decodeWork(instanceId, key, kind, value, 1));
    }
    return out;
  }

  /**
   * Pages through the creation index newest first, reading rows in batches and filtering them here.
   * The token is the creation score and id of the last row returned, so a page continues where the
   * last one ended even when instances were created or purged in between.
   */
  @Override
  public InstancePage list(WorkflowQuery query) {
    String max =
        query.createdTo() == null ? "+inf" : Long.toString(query.createdTo().toEpochMilli());
    String min =
        query.createdFrom() == null ? "-inf" : Long.toString(query.createdFrom().toEpochMilli());
    long afterScore = Long.MAX_VALUE;
    byte[] afterId = null;
    if (query.continuationToken() != null) {
      String t = query.continuationToken();
      int at = t.indexOf(':');
      if (at < 0) {
        throw new IllegalArgumentException("workflow store: invalid continuation token");
      }
      afterScore = Long.parseLong(t.substring(0, at));
      afterId = bytes(t.substring(at + 1));
      if (!"+inf".equals(max)) {
        max = Long.toString(Math.min(afterScore, Long.parseLong(max)));
      } else {
        max = Long.toString(afterScore);
      }
    }
    int batch = Math.max(100, query.pageSize() + 1);
    List<InstanceRecord> page = new ArrayList<>();
    String lastToken = null;
    int offset = 0;
    while (true) {
      List<Tuple> ids =
          client.zrevrangeByScoreWithScores(createdKey, bytes(max), bytes(min), offset, batch);
      if (ids.isEmpty()) {
        return new InstancePage(page, null);
      }
      offset += ids.size();
      List<byte[]> members = new ArrayList<>();
      List<Long> scores = new ArrayList<>();
      for (Tuple t : ids) {
        byte[] id = t.getBinaryElement();
        long score = (long) t.getScore();
        // Rows of the same score come in descending id order: skip those already returned.
        if (afterId != null && score == afterScore && Arrays.compareUnsigned(id, afterId) >= 0) {
          continue;
        }
        members.add(id);
        scores.add(score);
      }
      List<Response<byte[]>> rows = new ArrayList<>(members.size());
      try (AbstractPipeline p = client.pipelined()) {
        for (byte[] id : members) {
          rows.add(p.hget(concat(prefixBytes, bytes("i||"), id), bytes("r")));
        }
        p.sync();
      }
      for (int i = 0; i < members.size(); i++) {
        byte[] raw = rows.get(i).get();
        if (raw == null) {
          continue;
        }
        InstanceRecord r = WorkflowBinaryCodec.decodeRecord(raw);
        if (matches(query, r)) {
          if (page.size() == query.pageSize()) {
            return new InstancePage(page, lastToken);
          }
          page.add(r);
          lastToken = scores.get(i) + ":" + string(members.get(i));
        }
      }
    }
  }

  private static boolean matches(WorkflowQuery q, InstanceRecord r) {
    return (q.statuses().isEmpty() || q.statuses().contains(r.status()))
        && (q.name() == null || q.name().equals(r.name()))
        && (q.createdFrom() == null || !r.createdAt().isBefore(q.createdFrom()))
        && (q.createdTo() == null || r.createdAt().isBefore(q.createdTo()));
  }

  @Override
  public List<String> children(String parentInstanceId) {
    List<?> reply =
        (List<?>) eval(CHILDREN, routing, List.of(prefixBytes, bytes(parentInstanceId)));
    List<String> out = new ArrayList<>(reply.size());
    reply.forEach(id -> out.add(string(id)));
    return out;
  }

  // ---- writing ----

  @Override
  public Commit.Result commit(Commit c) {
    List<byte[]> args = new ArrayList<>(16 + 3 * c.removed().size() + 4 * c.added().size());
    InstanceRecord r = c.record();
    args.add(prefixBytes);
    args.add(c.instanceId() == null ? EMPTY : bytes(c.instanceId()));
    args.add(r == null ? ZERO : ONE);
    args.add(number(c.expectedVersion()));
    args.add(number(c.epoch()));
    args.add(c.instanceId() == null ? ZERO : number(partition(c.instanceId())));
    if (r == null) {
      for (int i = 0; i < 6; i++) {
        args.add(EMPTY);
      }
    } else {
      args.add(number(r.version()));
      args.add(r.status().isTerminal() ? ONE : ZERO);
      args.add(WorkflowBinaryCodec.encodeRecord(r));
      args.add(number(r.createdAt().toEpochMilli()));
      args.add(r.parentInstanceId() == null ? EMPTY : bytes(r.parentInstanceId()));
      args.add(c.resetHistory() ? ONE : ZERO);
    }
    args.add(
        c.events().isEmpty()
            ? EMPTY
            : concat(bytes(c.epoch() + "\n"), WorkflowBinaryCodec.encodeEvents(c.events())));
    args.add(c.clearTasks() ? ONE : ZERO);
    args.add(c.signal() ? ONE : ZERO);
    args.add(number(c.removed().size()));
    for (WorkKey k : c.removed()) {
      args.add(bytes(k.instanceId()));
      args.add(bytes(k.key()));
      args.add(number(partition(k.instanceId())));
    }
    for (WorkItem w : c.added()) {
      args.add(bytes(w.instanceId()));
      args.add(bytes(w.key()));
      args.add(number(partition(w.instanceId())));
      args.add(concat(initial(w.kind()), WorkflowBinaryCodec.encodeWork(w)));
    }
    String result = string(eval(COMMIT, routing, args));
    return switch (result) {
      case OK -> Commit.Result.OK;
      case "VERSION_CONFLICT" -> Commit.Result.VERSION_CONFLICT;
      case "FENCED" -> Commit.Result.FENCED;
      default ->
          throw new IllegalStateException(
              "workflow store: unexpected reply from the commit script: " + result);
    };
  }

  @Override
  public boolean purge(String instanceId, long epoch) {
    Object reply =
        eval(
            PURGE, routing, List.of(prefixBytes, bytes(instanceId), number(partition(instanceId))));
    return ((Long) reply) == 1L;
  }

  // ---- plumbing ----

  private static final int POOL_ATTEMPTS = 5;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ZERO = bytes("0");
  private static final byte[] ONE = bytes("1");

  private static final byte[] ACTIVITY = bytes("A");
  private static final byte[] TIMER = bytes("T");
  private static final byte[] MESSAGE = bytes("M");

  /** A work value's first byte: the commit script reads it (clearing tasks keeps messages). */
  private static byte[] initial(WorkItem.Kind kind) {
    return switch (kind) {
      case ACTIVITY -> ACTIVITY;
      case TIMER -> TIMER;
      case MESSAGE -> MESSAGE;
    };
  }

  private Object eval(RedisScripts.Script script, List<byte[]> keys, List<byte[]> args) {
    return unsent(
        () -> {
          try {
            return client.evalsha(script.shaBytes, keys, args);
          } catch (JedisNoScriptException e) {
            // The server lost its script cache: load it and run again; the failed call ran nothing.
            client.scriptLoad(script.source.getBytes(StandardCharsets.UTF_8), keys.get(0));
            return client.evalsha(script.shaBytes, keys, args);
          }
        });
  }

  /**
   * Runs a call, again while the pool had no connection to give it within its timeout: such a call
   * was never sent, so running it again is safe, and an engine that just took partitions (hundreds
   * of instances resuming at once) waits for connections instead of failing steps.
   */
  private static <T> T unsent(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (JedisException e) {
        if (!(e.getCause() instanceof NoSuchElementException) || attempt == POOL_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static byte[] number(long n) {
    return bytes(Long.toString(n));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(Object b) {
    return new String((byte[]) b, StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
