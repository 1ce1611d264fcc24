package dev.plumb.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.WorkflowStoreException;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.runtime.spi.ComponentHandle;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The generic {@link WorkflowStore} on any state store with ETAG and TRANSACTIONAL (the actor state
 * store): JSON documents under {@code plumb-wf||<appId>||}, each step one transaction.
 *
 * <ul>
 *   <li>{@code <id>||meta}: the instance row plus its step count and the epoch of its last writer;
 *       its etag fences every step (Dapr 1.18's anchor on {@code metadata});
 *   <li>{@code <id>||h||<generation>||<n>}: the events of step {@code n}, written once;
 *   <li>{@code <id>||work}: the instance's pending activities, timers and messages;
 *   <li>{@code index||<p>}: the ids of 16 partitions of instances, for recovery and listing.
 * </ul>
 *
 * <p>A step writes its events, the row and the work documents it touches in one transaction with
 * etag checks; a newer epoch in the row fences an older owner. Listing and recovery read every
 * index partition, so this store suits thousands of instances, not millions (use a native store).
 * Thread-safe.
 */
final class StateWorkflowStore implements WorkflowStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = DEFAULT_PARTITIONS;
  private static final int ATTEMPTS = 50;

  private final ComponentHandle<StateComponent> handle;
  private final String prefix;

  StateWorkflowStore(ComponentHandle<StateComponent> handle, String appId) {
    this.handle = handle;
    this.prefix = "plumb-wf||" + (appId.isEmpty() ? "app" : appId) + "||";
  }

  private String metaKey(String id) {
    return prefix + id + "||meta";
  }

  private String stepKey(String id, long generation, int n) {
    return prefix + id + "||h||" + generation + "||" + n;
  }

  private String workKey(String id) {
    return prefix + id + "||work";
  }

  private String indexKey(int p) {
    return prefix + "index||" + p;
  }

  private static int partition(String id) {
    return WorkflowStore.partitionOf(id, PARTITIONS);
  }

  private <T> T call(String op, Callable<T> c) {
    return handle.outbound().call(op, c);
  }

  private StateItem<byte[]> read(String key) {
    StateItem<byte[]> item = call("get", () -> handle.component().get(GetRequest.of(key)));
    return item == null || item.value() == null ? null : item;
  }

  private List<StateItem<byte[]>> readAll(List<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    List<GetRequest> gets = keys.stream().map(GetRequest::of).collect(Collectors.toList());
    return call("bulkGet", () -> handle.component().bulkGet(gets));
  }

  private void transact(List<StateMutation> ops) {
    call(
        "transact",
        () -> {
          handle.component().transact(ops, Map.of());
          return null;
        });
  }

  private static SetRequest write(String key, JsonNode doc, ETag etag) {
    try {
      return new SetRequest(
          key,
          JSON.writeValueAsBytes(doc),
          etag,
          Concurrency.FIRST_WRITE,
          Consistency.STRONG,
          Map.of());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write workflow document " + key, e);
    }
  }

  private static JsonNode parse(StateItem<byte[]> item) {
    try {
      return JSON.readTree(item.value());
    } catch (IOException e) {
      throw new WorkflowStoreException(
          "workflow store: the document '" + item.key() + "' is not valid JSON", e);
    }
  }

  // ---- leases ----

  private String leasesKey() {
    return prefix + "leases";
  }

  private String inboxKey(int p) {
    return prefix + "inbox||" + p;
  }

  /** The lease table is one document: the epoch counter, the leases and the members. */
  @Override
  public Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl) {
    long until = now.plus(ttl).toEpochMilli();
    long nowMillis = now.toEpochMilli();
    for (int attempt = 1; ; attempt++) {
      StateItem<byte[]> item = read(leasesKey());
      JsonNode old = item == null ? JSON.createObjectNode() : parse(item);
      long epoch = old.path("epoch").asLong();
      Map<Integer, Lease> leases = new TreeMap<>();
      for (JsonNode n : old.path("leases")) {
        Lease l =
            new Lease(
                n.path("p").asInt(),
                n.path("owner").asText(),
                n.path("epoch").asLong(),
                Instant.ofEpochMilli(n.path("until").asLong()));
        if (!l.owner().equals(owner)) {
          leases.put(l.partition(), l);
        } else if (!release.contains(l.partition())) {
          leases.put(l.partition(), new Lease(l.partition(), owner, l.epoch(), now.plus(ttl)));
        }
      }
      for (int p : acquire) {
        Lease l = leases.get(p);
        if (p >= 0 && p < PARTITIONS && (l == null || l.expiresAt().toEpochMilli() <= nowMillis)) {
          leases.put(p, new Lease(p, owner, ++epoch, now.plus(ttl)));
        }
      }
      Map<String, Instant> members = new TreeMap<>();
      old.path("members")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().asLong() > nowMillis) {
                  members.put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong()));
                }
              });
      members.remove(owner);
      if (until > nowMillis) {
        members.put(owner, Instant.ofEpochMilli(until));
      }
      ObjectNode doc = JSON.createObjectNode().put("epoch", epoch);
      ArrayNode arr = doc.putArray("leases");
      leases
          .values()
          .forEach(
              l ->
                  arr.addObject()
                      .put("p", l.partition())
                      .put("owner", l.owner())
                      .put("epoch", l.epoch())
                      .put("until", l.expiresAt().toEpochMilli()));
      ObjectNode m = doc.putObject("members");
      members.forEach((k, v) -> m.put(k, v.toEpochMilli()));
      try {
        transact(List.of(write(leasesKey(), doc, item == null ? null : item.etag())));
        return new Leases(new ArrayList<>(leases.values()), members);
      } catch (ETagMismatchException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** The epoch of the lease on a partition as a lease document says, or 0. */
  private static long leaseEpoch(JsonNode leases, int partition) {
    for (JsonNode n : leases.path("leases")) {
      if (n.path("p").asInt() == partition) {
        return n.path("epoch").asLong();
      }
    }
    return 0;
  }

  // ---- reading ----

  @Override
  public InstanceRecord get(String instanceId) {
    StateItem<byte[]> item = read(metaKey(instanceId));
    return item == null ? null : record(parse(item));
  }

  @Override
  public StoredInstance load(String instanceId) {
    StateItem<byte[]> item = read(metaKey(instanceId));
    if (item == null) {
      return null;
    }
    JsonNode meta = parse(item);
    InstanceRecord r = record(meta);
    int steps = meta.path("steps").asInt();
    List<String> keys = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      keys.add(stepKey(instanceId, r.generation(), i));
    }
    List<HistoryEvent> history = new ArrayList<>();
    for (StateItem<byte[]> s : readAll(keys)) {
      if (s.value() == null) {
        throw new WorkflowStoreException(
            "workflow store: history document '" + s.key() + "' is missing");
      }
      for (JsonNode e : parse(s).path("events")) {
        history.add(event(e));
      }
    }
    return new StoredInstance(r, history);
  }

  private Set<String> allIds() {
    List<String> keys = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      keys.add(indexKey(p));
    }
    Set<String> ids = new TreeSet<>();
    for (StateItem<byte[]> item : readAll(keys)) {
      if (item.value() != null) {
        parse(item).path("ids").forEach(n -> ids.add(n.asText()));
      }
    }
    return ids;
  }

  private List<WorkItem> workOf(Collection<String> ids) {
    List<WorkItem> all = new ArrayList<>();
    for (StateItem<byte[]> item :
        readAll(ids.stream().map(this::workKey).collect(Collectors.toList()))) {
      if (item.value() != null) {
        parse(item).path("items").forEach(n -> all.add(work(n)));
      }
    }
    return all;
  }

  private static Set<String> ids(StateItem<byte[]> item) {
    Set<String> ids = new TreeSet<>();
    if (item != null) {
      parse(item).path("ids").forEach(n -> ids.add(n.asText()));
    }
    return ids;
  }

  @Override
  public List<WorkItem> pendingWork(int partition) {
    return workOf(ids(read(indexKey(partition))));
  }

  @Override
  public List<WorkItem> inbox(Set<Integer> partitions) {
    // One round trip finds the signalled partitions; each is taken under its etag.
    Set<String> ids = new TreeSet<>();
    for (StateItem<byte[]> item :
        readAll(partitions.stream().map(this::inboxKey).collect(Collectors.toList()))) {
      for (int attempt = 1; item != null && item.value() != null; attempt++) {
        try {
          transact(
              List.of(
                  new DeleteRequest(
                      item.key(),
                      item.etag(),
                      Concurrency.FIRST_WRITE,
                      Consistency.STRONG,
                      Map.of())));
          ids.addAll(ids(item));
          break;
        } catch (ETagMismatchException e) {
          if (attempt == ATTEMPTS) {
            throw e;
          }
          item = read(item.key());
        }
      }
    }
    return ids.isEmpty() ? List.of() : workOf(ids);
  }

  private List<InstanceRecord> allRecords() {
    List<InstanceRecord> out = new ArrayList<>();
    for (StateItem<byte[]> item :
        readAll(allIds().stream().map(this::metaKey).collect(Collectors.toList()))) {
      if (item.value() != null) {
        out.add(record(parse(item)));
      }
    }
    return out;
  }

  @Override
  public InstancePage list(WorkflowQuery query) {
    List<InstanceRecord> sorted =
        allRecords().stream()
            .filter(
                r ->
                    (query.statuses().isEmpty() || query.statuses().contains(r.status()))
                        && (query.name() == null || query.name().equals(r.name()))
                        && (query.createdFrom() == null
                            || !r.createdAt().isBefore(query.createdFrom()))
                        && (query.createdTo() == null || r.createdAt().isBefore(query.createdTo())))
            .sorted(
                Comparator.comparing(InstanceRecord::createdAt)
                    .reversed()
                    .thenComparing(InstanceRecord::instanceId))
            .collect(Collectors.toList());
    int from = query.continuationToken() == null ? 0 : Integer.parseInt(query.continuationToken());
    int to = Math.min(sorted.size(), from + query.pageSize());
    return new InstancePage(
        from >= sorted.size() ? List.of() : sorted.subList(from, to),
        to < sorted.size() ? Integer.toString(to) : null);
  }

  @Override
  public List<String> children(String parentInstanceId) {
    return allRecords().stream()
        .filter(r -> parentInstanceId.equals(r.parentInstanceId()))
        .map(InstanceRecord::instanceId)
        .collect(Collectors.toList());
  }

  // ---- writing ----

  @Override
  public Commit.Result commit(Commit c) {
    for (int attempt = 1; ; attempt++) {
      List<StateMutation> ops = new ArrayList<>();
      Set<String> indexed = new LinkedHashSet<>();
      List<String> garbage = new ArrayList<>();
      StateItem<byte[]> ownWork = null;
      boolean ownWorkRead = false;
      if (c.record() != null) {
        String id = c.instanceId();
        // The row and the instance's own work document in one round trip.
        // The row, the instance's own work document and the lease table in one round trip.
        List<StateItem<byte[]>> three = readAll(List.of(metaKey(id), workKey(id), leasesKey()));
        StateItem<byte[]> item = three.get(0).value() == null ? null : three.get(0);
        ownWork = three.get(1).value() == null ? null : three.get(1);
        ownWorkRead = true;
        JsonNode meta = item == null ? null : parse(item);
        long version = meta == null ? 0 : meta.path("record").path("version").asLong();
        if (version != c.expectedVersion()) {
          return Commit.Result.VERSION_CONFLICT;
        }
        if (!admits(c, meta, three.get(2))) {
          return Commit.Result.FENCED;
        }
        long oldGeneration = meta == null ? 0 : meta.path("record").path("generation").asLong();
        int oldSteps = meta == null ? 0 : meta.path("steps").asInt();
        int steps = c.resetHistory() ? 0 : oldSteps;
        if (c.resetHistory() && meta != null) {
          for (int i = 0; i < oldSteps; i++) {
            garbage.add(stepKey(id, oldGeneration, i));
          }
        }
        if (!c.events().isEmpty()) {
          ArrayNode events = JSON.createArrayNode();
          c.events().forEach(e -> events.add(json(e)));
          ObjectNode step = JSON.createObjectNode().put("epoch", c.epoch());
          step.set("events", events);
          ops.add(write(stepKey(id, c.record().generation(), steps), step, null));
          steps++;
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.set("record", json(c.record()));
        doc.put("steps", steps);
        doc.put("epoch", Math.max(c.epoch(), meta == null ? 0 : meta.path("epoch").asLong()));
        ops.add(write(metaKey(id), doc, item == null ? null : item.etag()));
        if (meta == null) {
          indexed.add(id);
        }
      }
      // The work documents the commit touches, each rewritten once under its etag.
      Map<String, List<Object>> byInstance = new LinkedHashMap<>();
      if (c.clearTasks() && c.instanceId() != null) {
        byInstance.computeIfAbsent(c.instanceId(), k -> new ArrayList<>());
      }
      c.removed()
          .forEach(k -> byInstance.computeIfAbsent(k.instanceId(), x -> new ArrayList<>()).add(k));
      c.added()
          .forEach(w -> byInstance.computeIfAbsent(w.instanceId(), x -> new ArrayList<>()).add(w));
      for (Map.Entry<String, List<Object>> e : byInstance.entrySet()) {
        String id = e.getKey();
        StateItem<byte[]> item =
            ownWorkRead && id.equals(c.instanceId()) ? ownWork : read(workKey(id));
        Map<String, JsonNode> items = new LinkedHashMap<>();
        if (item != null) {
          parse(item).path("items").forEach(n -> items.put(n.path("key").asText(), n));
        }
        int before = items.size();
        boolean changed = false;
        if (c.clearTasks() && id.equals(c.instanceId())) {
          changed |= items.values().removeIf(n -> !"MESSAGE".equals(n.path("kind").asText()));
        }
        for (Object o : e.getValue()) {
          if (o instanceof WorkKey) {
            changed |= items.remove(((WorkKey) o).key()) != null;
          } else {
            WorkItem w = (WorkItem) o;
            items.put(w.key(), json(w));
            changed = true;
          }
        }
        if (!changed) {
          continue;
        }
        if (items.isEmpty()) {
          if (item != null) {
            ops.add(
                new DeleteRequest(
                    workKey(id),
                    item.etag(),
                    Concurrency.FIRST_WRITE,
                    Consistency.STRONG,
                    Map.of()));
          }
        } else {
          ArrayNode arr = JSON.createArrayNode();
          items.values().forEach(arr::add);
          ops.add(
              write(
                  workKey(id),
                  JSON.createObjectNode().set("items", arr),
                  item == null ? null : item.etag()));
          // The instance's own row is indexed when it is created; another instance's work (a
          // child's start, a parent's result) may come before its row does.
          if (before == 0 && item == null && !id.equals(c.instanceId())) {
            indexed.add(id);
          }
        }
      }
      addToIndex(indexed, ops);
      if (c.signal()) {
        signal(c.added(), ops);
      }
      if (ops.isEmpty()) {
        return Commit.Result.OK;
      }
      try {
        transact(ops);
      } catch (ETagMismatchException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        continue;
      }
      if (!garbage.isEmpty()) {
        deleteQuietly(garbage);
      }
      return Commit.Result.OK;
    }
  }

  /**
   * Whether a commit may change the row: under the partition's current lease and no older than the
   * row's last writer, or unfenced (epoch 0) for a new run of a free or finished id.
   */
  private boolean admits(Commit c, JsonNode meta, StateItem<byte[]> leases) {
    if (c.epoch() == 0) {
      return meta == null
          || WorkflowStatus.valueOf(meta.path("record").path("status").asText()).isTerminal();
    }
    if (meta != null && meta.path("epoch").asLong() > c.epoch()) {
      return false;
    }
    return leases.value() != null
        && leaseEpoch(parse(leases), partition(c.instanceId())) == c.epoch();
  }

  /** Adds the instances given work to their partitions' inbox documents, in the same write. */
  private void signal(List<WorkItem> added, List<StateMutation> ops) {
    Map<Integer, Set<String>> byPartition = new TreeMap<>();
    added.forEach(
        w ->
            byPartition
                .computeIfAbsent(partition(w.instanceId()), p -> new TreeSet<>())
                .add(w.instanceId()));
    for (Map.Entry<Integer, Set<String>> e : byPartition.entrySet()) {
      String key = inboxKey(e.getKey());
      StateItem<byte[]> item = read(key);
      Set<String> ids = ids(item);
      if (ids.addAll(e.getValue())) {
        ArrayNode arr = JSON.createArrayNode();
        ids.forEach(arr::add);
        ops.add(
            write(key, JSON.createObjectNode().set("ids", arr), item == null ? null : item.etag()));
      }
    }
  }

  private void addToIndex(Set<String> ids, List<StateMutation> ops) {
    Map<Integer, List<String>> byPartition = new LinkedHashMap<>();
    ids.forEach(id -> byPartition.computeIfAbsent(partition(id), p -> new ArrayList<>()).add(id));
    for (Map.Entry<Integer, List<String>> e : byPartition.entrySet()) {
      String key = indexKey(e.getKey());
      StateItem<byte[]> item = read(key);
      Set<String> members = new TreeSet<>();
      if (item != null) {
        parse(item).path("ids").forEach(n -> members.add(n.asText()));
      }
      if (members.addAll(e.getValue())) {
        ArrayNode arr = JSON.createArrayNode();
        members.forEach(arr::add);
        ops.add(
            write(key, JSON.createObjectNode().set("ids", arr), item == null ? null : item.etag()));
      }
    }
  }

  private void deleteQuietly(List<String> keys) {
    try {
      call(
          "bulkDelete",
          () -> {
            handle
                .component()
                .bulkDelete(keys.stream().map(DeleteRequest::of).collect(Collectors.toList()));
            return null;
          });
    } catch (RuntimeException e) {
      // Unreachable history of an earlier generation: harmless garbage, never read.
    }
  }

  @Override
  public boolean purge(String instanceId, long epoch) {
    StoredInstance s = load(instanceId);
    if (s == null) {
      return false;
    }
    List<String> keys = new ArrayList<>();
    keys.add(metaKey(instanceId));
    keys.add(workKey(instanceId));
    StateItem<byte[]> meta = read(metaKey(instanceId));
    int steps = meta == null ? 0 : parse(meta).path("steps").asInt();
    for (int i = 0; i < steps; i++) {
      keys.add(stepKey(instanceId, s.record().generation(), i));
    }
    deleteQuietly(keys);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      String key = indexKey(partition(instanceId));
      StateItem<byte[]> item = read(key);
      if (item == null) {
        break;
      }
      Set<String> members = new TreeSet<>();
      parse(item).path("ids").forEach(n -> members.add(n.asText()));
      if (!members.remove(instanceId)) {
        break;
      }
      ArrayNode arr = JSON.createArrayNode();
      members.forEach(arr::add);
      try {
        transact(List.of(write(key, JSON.createObjectNode().set("ids", arr), item.etag())));
        break;
      } catch (ETagMismatchException e) {
        // another instance joined the partition meanwhile: read again
      }
    }
    return true;
  }

  // ---- JSON ----

  private static void putData(ObjectNode n, String field, byte[] data) {
    if (data == null) {
      return;
    }
    try {
      JsonNode j = JSON.readTree(data);
      // Embedded only if it comes back byte for byte, so that payloads never change on the way.
      if (j != null && Arrays.equals(JSON.writeValueAsBytes(j), data)) {
        n.set(field, j);
        return;
      }
    } catch (IOException e) {
      // not JSON: base64 below
    }
    n.put(field + "Base64", Base64.getEncoder().encodeToString(data));
  }

  private static byte[] getData(JsonNode n, String field) {
    try {
      if (n.has(field)) {
        return JSON.writeValueAsBytes(n.get(field));
      }
      if (n.has(field + "Base64")) {
        return Base64.getDecoder().decode(n.get(field + "Base64").asText());
      }
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putFailure(ObjectNode n, FailureDetails f) {
    if (f != null) {
      ObjectNode o = n.putObject("failure");
      o.put("errorType", f.errorType());
      o.put("errorMessage", f.errorMessage());
      o.put("stackTrace", f.stackTrace());
    }
  }

  private static FailureDetails getFailure(JsonNode n) {
    JsonNode f = n.get("failure");
    return f == null || f.isNull()
        ? null
        : new FailureDetails(text(f, "errorType"), text(f, "errorMessage"), text(f, "stackTrace"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    String t = text(n, field);
    return t == null ? null : Instant.parse(t);
  }

  static ObjectNode json(HistoryEvent e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", e.type().name());
    n.put("timestamp", e.timestamp().toString());
    n.put("taskId", e.taskId());
    n.put("name", e.name());
    putData(n, "data", e.data());
    if (e.fireAt() != null) {
      n.put("fireAt", e.fireAt().toString());
    }
    n.put("instanceId", e.instanceId());
    n.put("relatedId", e.relatedId());
    n.put("generation", e.generation());
    putFailure(n, e.failure());
    if (!e.patches().isEmpty()) {
      ArrayNode p = n.putArray("patches");
      e.patches().forEach(p::add);
    }
    if (e.traceParent() != null) {
      n.put("traceParent", e.traceParent());
    }
    return n;
  }

  static HistoryEvent event(JsonNode n) {
    List<String> patches = new ArrayList<>();
    n.path("patches").forEach(p -> patches.add(p.asText()));
    return new HistoryEvent(
        EventType.valueOf(n.path("type").asText()),
        Instant.parse(n.path("timestamp").asText()),
        n.path("taskId").asInt(),
        text(n, "name"),
        getData(n, "data"),
        instant(n, "fireAt"),
        text(n, "instanceId"),
        n.path("relatedId").asInt(),
        n.path("generation").asLong(),
        getFailure(n),
        patches,
        text(n, "traceParent"));
  }

  static ObjectNode json(InstanceRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("instanceId", r.instanceId());
    n.put("name", r.name());
    n.put("versionName", r.versionName());
    n.put("status", r.status().name());
    n.put("runtimeStatus", r.status().code());
    n.put("createdAt", r.createdAt().toString());
    n.put("updatedAt", r.updatedAt().toString());
    putData(n, "input", r.input());
    putData(n, "output", r.output());
    putData(n, "customStatus", r.customStatus());
    putFailure(n, r.failure());
    n.put("stalledReason", r.stalledReason());
    n.put("parentInstanceId", r.parentInstanceId());
    n.put("generation", r.generation());
    n.put("version", r.version());
    return n;
  }

  static InstanceRecord record(JsonNode meta) {
    JsonNode n = meta.path("record");
    return new InstanceRecord(
        text(n, "instanceId"),
        text(n, "name"),
        text(n, "versionName"),
        WorkflowStatus.valueOf(n.path("status").asText()),
        Instant.parse(n.path("createdAt").asText()),
        Instant.parse(n.path("updatedAt").asText()),
        getData(n, "input"),
        getData(n, "output"),
        getData(n, "customStatus"),
        getFailure(n),
        text(n, "stalledReason"),
        text(n, "parentInstanceId"),
        n.path("generation").asLong(),
        n.path("version").asLong());
  }

  static ObjectNode json(WorkItem w) {
    ObjectNode n = JSON.createObjectNode();
    n.put("instanceId", w.instanceId());
    n.put("key", w.key());
    n.put("kind", w.kind().name());
    n.put("dueAt", w.dueAt().toString());
    n.put("generation", w.generation());
    n.put("attempt", w.attempt());
    n.set("event", json(w.event()));
    return n;
  }

  static WorkItem work(JsonNode n) {
    return new WorkItem(
        n.path("instanceId").asText(),
        n.path("key").asText(),
        WorkItem.Kind.valueOf(n.path("kind").asText()),
        Instant.parse(n.path("dueAt").asText()),
        n.path("generation").asLong(),
        n.path("attempt").asInt(),
        event(n.path("event")));
  }
}
