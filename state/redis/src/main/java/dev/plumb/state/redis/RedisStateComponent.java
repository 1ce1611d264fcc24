package dev.plumb.state.redis;

import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.common.redis.RedisSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Redis state store keeping Dapr's data layout (see {@link RedisScripts}). Every operation is one
 * Lua script, so conditional writes and TTLs apply atomically; bulk operations are pipelined;
 * transactions are one script that checks every condition before writing anything. As an actor
 * state store it also keeps the actor reminders, in a sorted set per partition ({@link
 * RedisReminders}), and the workflows, every step one script ({@link RedisWorkflowStore}).
 * Thread-safe: the Jedis client is pooled.
 */
final class RedisStateComponent implements StateComponent, ReminderStore, WorkflowStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisStateComponent.class);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VERSION = "version".getBytes(StandardCharsets.US_ASCII);
  private static final long WAIT_TIMEOUT_MILLIS = 1000;

  private final String name;
  private final UnifiedJedis client;
  private final RedisSettings settings;
  private final Long defaultTtlSeconds;
  private final Clock clock;
  private final Set<StateFeature> features;
  private final int replicas;
  private final RedisReminders reminders;
  private final RedisWorkflowStore workflows;

  RedisStateComponent(
      String name,
      UnifiedJedis client,
      RedisSettings settings,
      Long defaultTtlSeconds,
      Clock clock) {
    this.name = name;
    this.client = client;
    this.settings = settings;
    this.defaultTtlSeconds = defaultTtlSeconds;
    this.clock = clock;
    EnumSet<StateFeature> f = EnumSet.of(StateFeature.ETAG, StateFeature.TTL);
    if (settings.mode() != RedisSettings.Mode.CLUSTER) {
      f.add(StateFeature.TRANSACTIONAL);
    }
    this.features = Set.copyOf(f);
    this.replicas = settings.mode() == RedisSettings.Mode.CLUSTER ? 0 : connectedReplicas(client);
    this.reminders = new RedisReminders(client);
    this.workflows = new RedisWorkflowStore(client, "");
  }

  private static int connectedReplicas(UnifiedJedis client) {
    Object info =
        client.sendCommand(
            Protocol.Command.INFO, "replication".getBytes(StandardCharsets.US_ASCII));
    if (!(info instanceof byte[] bytes)) {
      return 0;
    }
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n")) {
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

  @Override
  public Set<StateFeature> features() {
    return features;
  }

  @Override
  public void ping() {
    client.ping();
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) {
    return read(List.of(request.key())).get(0);
  }

  @Override
  public List<StateItem<byte[]>> bulkGet(List<GetRequest> requests) {
    List<String> keys = new ArrayList<>(requests.size());
    for (GetRequest r : requests) {
      keys.add(r.key());
    }
    List<StateItem<byte[]>> items = read(keys);
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        items.set(i, new StateItem<>(keys.get(i), null, null, Map.of()));
      }
    }
    return items;
  }

  /**
   * Reads keys with one pipeline of {@code HMGET data version} and {@code PTTL} per key: one round
   * trip, no script, and it works in cluster mode too. The two commands are not atomic, so a write
   * landing between them can pair a value with the next write's TTL; only {@code ttlExpireTime} can
   * be off, never the value or its etag.
   *
   * @return one item per key, {@code null} for a missing key
   */
  private List<StateItem<byte[]>> read(List<String> keys) {
    // Raw replies, checked below: Jedis's typed builders would cast whatever came back.
    List<Response<Object>> fields = new ArrayList<>(keys.size());
    List<Response<Object>> ttls = new ArrayList<>(keys.size());
    try (AbstractPipeline p = client.pipelined()) {
      for (String key : keys) {
        byte[] k = bytes(key);
        fields.add(p.sendCommand(Protocol.Command.HMGET, k, DATA, VERSION));
        ttls.add(p.sendCommand(Protocol.Command.PTTL, k));
      }
      p.sync();
    }
    List<StateItem<byte[]>> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      Object f;
      try {
        f = fields.get(i).get();
      } catch (JedisDataException e) {
        // Not a hash: a plain string value as early Dapr releases wrote; the script reads both.
        out.add(toItem(key, eval(RedisScripts.GET, bytes(key))));
        continue;
      }
      List<?> values = expectList(f, 2, "HMGET");
      byte[] data = expectBytes(values.get(0), "HMGET");
      byte[] version = expectBytes(values.get(1), "HMGET");
      out.add(
          data == null && version == null
              ? null
              : toItem(key, data, version, expectLong(ttls.get(i).get(), "PTTL")));
    }
    return out;
  }

  private StateItem<byte[]> toItem(String key, Object raw) {
    if (raw == null) {
      return null;
    }
    List<?> parts = expectList(raw, 3, "GET script");
    return toItem(
        key,
        expectBytes(parts.get(0), "GET script"),
        expectBytes(parts.get(1), "GET script"),
        expectLong(parts.get(2), "GET script"));
  }

  private StateItem<byte[]> toItem(String key, byte[] data, byte[] version, long pttl) {
    if (data == null) {
      throw new IllegalStateException(
          "state store '" + name + "': hash '" + key + "' lacks the 'data' field");
    }
    Map<String, String> md =
        pttl > 0
            ? Map.of(
                StateItem.TTL_EXPIRE_TIME,
                StateComponents.formatExpireTime(clock.instant().plusMillis(pttl)))
            : Map.of();
    ETag etag = version == null ? null : ETag.of(new String(version, StandardCharsets.US_ASCII));
    return new StateItem<>(key, data, etag, md);
  }

  @Override
  public void set(SetRequest request) {
    List<byte[]> args = setArgs(request);
    byte[] key = bytes(request.key());
    try {
      if (request.consistency() == Consistency.STRONG && replicas > 0) {
        Response<Object> r;
        try (AbstractPipeline p = client.pipelined()) {
          r = p.evalsha(RedisScripts.SET.shaBytes, List.of(key), args);
          p.waitReplicas(key, replicas, WAIT_TIMEOUT_MILLIS);
          p.sync();
        }
        Object reply;
        try {
          reply = r.get();
        } catch (JedisNoScriptException e) {
          reply = eval(RedisScripts.SET, key, args);
        }
        expectVersion(reply);
      } else {
        expectVersion(eval(RedisScripts.SET, key, args));
      }
    } catch (JedisDataException e) {
      throw translate(request.key(), e);
    }
  }

  @Override
  public void delete(DeleteRequest request) {
    byte[] key = bytes(request.key());
    try {
      expectDeleted(
          eval(RedisScripts.DELETE, key, List.of(etagArg(request.key(), request.etag()))));
    } catch (JedisDataException e) {
      throw translate(request.key(), e);
    }
  }

  @Override
  public void bulkSet(List<SetRequest> requests) {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    List<List<byte[]>> args = new ArrayList<>(requests.size());
    for (SetRequest r : requests) {
      try {
        args.add(setArgs(r));
      } catch (RuntimeException e) {
        failures.put(r.key(), e);
        args.add(null);
      }
    }
    pipelineWrites(RedisScripts.SET, requests, args, failures);
  }

  @Override
  public void bulkDelete(List<DeleteRequest> requests) {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    List<List<byte[]>> args = new ArrayList<>(requests.size());
    for (DeleteRequest r : requests) {
      try {
        args.add(List.of(etagArg(r.key(), r.etag())));
      } catch (RuntimeException e) {
        failures.put(r.key(), e);
        args.add(null);
      }
    }
    pipelineWrites(RedisScripts.DELETE, requests, args, failures);
  }

  private void pipelineWrites(
      RedisScripts.Script script,
      List<? extends StateMutation> requests,
      List<List<byte[]>> args,
      Map<String, RuntimeException> failures) {
    List<Response<Object>> responses = new ArrayList<>(requests.size());
    try (AbstractPipeline p = client.pipelined()) {
      for (int i = 0; i < requests.size(); i++) {
        List<byte[]> a = args.get(i);
        responses.add(
            a == null
                ? null
                : p.evalsha(script.shaBytes, List.of(bytes(requests.get(i).key())), a));
      }
      p.sync();
    }
    for (int i = 0; i < requests.size(); i++) {
      Response<Object> r = responses.get(i);
      if (r == null) {
        continue;
      }
      String key = requests.get(i).key();
      try {
        Object reply;
        try {
          reply = r.get();
        } catch (JedisNoScriptException e) {
          reply = eval(script, bytes(key), args.get(i));
        }
        if (script == RedisScripts.SET) {
          expectVersion(reply);
        } else {
          expectDeleted(reply);
        }
      } catch (JedisDataException e) {
        RuntimeException t = translate(key, e);
        if (!(t instanceof ETagMismatchException)) {
          throw t;
        }
        failures.put(key, t);
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  @Override
  public void transact(List<StateMutation> operations, Map<String, String> metadata) {
    if (!features.contains(StateFeature.TRANSACTIONAL)) {
      throw new UnsupportedFeatureException(
          "state store '" + name + "' (redisType cluster) does not support transactions");
    }
    if (operations.isEmpty()) {
      return;
    }
    List<byte[]> keys = new ArrayList<>(operations.size());
    List<byte[]> args = new ArrayList<>(operations.size() * 5);
    for (StateMutation op : operations) {
      keys.add(bytes(op.key()));
      if (op instanceof SetRequest s) {
        List<byte[]> a = setArgs(s);
        args.add(bytes("s"));
        args.addAll(a);
      } else {
        DeleteRequest d = (DeleteRequest) op;
        byte[] etag = etagArg(d.key(), d.etag());
        args.add(bytes("d"));
        args.add(bytes(etag.length == 0 ? "n" : "e"));
        args.add(etag);
        args.add(EMPTY);
        args.add(EMPTY);
      }
    }
    try {
      Object reply = evalMulti(RedisScripts.TRANSACT, keys, args);
      if (!(reply instanceof Long n) || n != operations.size()) {
        throw unexpected("the transaction script", reply, "the number of operations");
      }
    } catch (JedisDataException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.startsWith(RedisScripts.MISMATCH)) {
        String[] words = msg.split(" ", 3);
        String key = "?";
        try {
          key = operations.get(Integer.parseInt(words[1])).key();
        } catch (RuntimeException ignored) {
          // the reply always names an index; fall back to '?' rather than hide the mismatch
        }
        throw new ETagMismatchException(
            "state store '"
                + name
                + "': transaction not applied, key '"
                + key
                + "': "
                + (words.length > 2 ? words[2] : msg));
      }
      throw e;
    }
  }

  @Override
  public void saveReminder(StoredReminder reminder) {
    reminders.saveReminder(reminder);
  }

  @Override
  public StoredReminder getReminder(ReminderKey key) {
    return reminders.getReminder(key);
  }

  @Override
  public void deleteReminder(ReminderKey key) {
    reminders.deleteReminder(key);
  }

  @Override
  public List<StoredReminder> dueReminders(ReminderPartition partition, Instant before, int limit) {
    return reminders.dueReminders(partition, before, limit);
  }

  @Override
  public void completeReminders(List<ReminderCompletion> completions) {
    reminders.completeReminders(completions);
  }

  @Override
  public WorkflowStore forApp(String appId) {
    return workflows.forApp(appId);
  }

  @Override
  public Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl) {
    return workflows.lease(owner, acquire, release, now, ttl);
  }

  @Override
  public StoredInstance load(String instanceId) {
    return workflows.load(instanceId);
  }

  @Override
  public InstanceRecord get(String instanceId) {
    return workflows.get(instanceId);
  }

  @Override
  public Commit.Result commit(Commit commit) {
    return workflows.commit(commit);
  }

  @Override
  public List<WorkItem> pendingWork(int partition) {
    return workflows.pendingWork(partition);
  }

  @Override
  public List<WorkItem> inbox(Set<Integer> partitions) {
    return workflows.inbox(partitions);
  }

  @Override
  public InstancePage list(WorkflowQuery query) {
    return workflows.list(query);
  }

  @Override
  public List<String> children(String parentInstanceId) {
    return workflows.children(parentInstanceId);
  }

  @Override
  public boolean purge(String instanceId, long epoch) {
    return workflows.purge(instanceId, epoch);
  }

  /** ARGV of {@link RedisScripts#SET}: condition, etag, data, TTL. */
  private List<byte[]> setArgs(SetRequest r) {
    String cond;
    byte[] etag = etagArg(r.key(), r.etag());
    if (etag.length > 0) {
      cond = "e";
    } else if (r.concurrency() == Concurrency.FIRST_WRITE) {
      cond = "f";
    } else {
      cond = "n";
    }
    Long ttl = StateComponents.ttlSeconds(r.metadata());
    if (ttl == null) {
      ttl = defaultTtlSeconds;
    }
    byte[] ttlArg = ttl != null && ttl > 0 ? bytes(Long.toString(ttl)) : EMPTY;
    return List.of(bytes(cond), etag, r.value(), ttlArg);
  }

  /** Versions are integers: anything else can never match and is reported as invalid. */
  private byte[] etagArg(String key, ETag etag) {
    if (etag == null || etag.value().isEmpty()) {
      return EMPTY;
    }
    try {
      Long.parseLong(etag.value());
    } catch (NumberFormatException e) {
      throw new ETagInvalidException(
          "state store '" + name + "', key '" + key + "': etag '" + etag + "' is not a number");
    }
    return bytes(etag.value());
  }

  // ---- replies: anything but what the command or script returns is a failure, never a success,
  // so that a peer that is not Redis (a TCP self-connect) cannot acknowledge writes ----

  private void expectVersion(Object reply) {
    if (!(reply instanceof Long v) || v < 1) {
      throw unexpected("the SET script", reply, "the new version");
    }
  }

  private void expectDeleted(Object reply) {
    if (!(reply instanceof Long n) || n < 0 || n > 1) {
      throw unexpected("the DELETE script", reply, "the number of keys deleted");
    }
  }

  private List<?> expectList(Object reply, int size, String command) {
    if (!(reply instanceof List<?> list) || list.size() != size) {
      throw unexpected(command, reply, "a list of " + size);
    }
    return list;
  }

  private byte[] expectBytes(Object reply, String command) {
    if (reply != null && !(reply instanceof byte[])) {
      throw unexpected(command, reply, "bytes or nil");
    }
    return (byte[]) reply;
  }

  private long expectLong(Object reply, String command) {
    if (!(reply instanceof Long l)) {
      throw unexpected(command, reply, "an integer");
    }
    return l;
  }

  /** Names only the reply's shape: its content may be anything, a stored value included. */
  private IllegalStateException unexpected(String command, Object reply, String expected) {
    String got =
        reply == null
            ? "nil"
            : reply instanceof List<?> l
                ? "a list of " + l.size()
                : reply instanceof byte[] ? "bytes" : "a " + reply.getClass().getSimpleName();
    return new IllegalStateException(
        "state store '"
            + name
            + "': "
            + command
            + " got "
            + got
            + " instead of "
            + expected
            + "; the server may not be Redis (or not the one configured), so the call counts as"
            + " failed");
  }

  private RuntimeException translate(String key, JedisDataException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.startsWith(RedisScripts.MISMATCH)) {
      return new ETagMismatchException(
          "state store '"
              + name
              + "', key '"
              + key
              + "': "
              + msg.substring(RedisScripts.MISMATCH.length()).trim());
    }
    return e;
  }

  private Object eval(RedisScripts.Script script, byte[] key) {
    return eval(script, key, List.of());
  }

  private Object eval(RedisScripts.Script script, byte[] key, List<byte[]> args) {
    try {
      return client.evalsha(script.shaBytes, List.of(key), args);
    } catch (JedisNoScriptException e) {
      // The server lost its script cache (restart, SCRIPT FLUSH): load and run again. The failed
      // call ran nothing, so running it again cannot apply a write twice.
      client.scriptLoad(script.source.getBytes(StandardCharsets.UTF_8), key);
      return client.evalsha(script.shaBytes, List.of(key), args);
    }
  }

  private Object evalMulti(RedisScripts.Script script, List<byte[]> keys, List<byte[]> args) {
    try {
      return client.evalsha(script.shaBytes, keys, args);
    } catch (JedisNoScriptException e) {
      client.scriptLoad(script.source.getBytes(StandardCharsets.UTF_8), keys.get(0));
      return client.evalsha(script.shaBytes, keys, args);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.warn("state store '{}': closing the Redis client failed", name, e);
    }
  }

  @Override
  public String toString() {
    return "RedisStateComponent[" + name + ", " + settings + "]";
  }
}
