package dev.plumb.actors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.spi.ComponentHandle;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The generic {@link ReminderStore}, for any actor state store (they all have ETAG and
 * TRANSACTIONAL): one JSON document per partition, {@code plumb-reminders||<appId>||<actorType>||
 * <partition>}, holding that partition's reminders, read and rewritten with optimistic concurrency
 * on its etag. A scan reads one document; a batch of completions rewrites each document it touches
 * once. This is Dapr's own state-store layout for reminders before 1.15, with the same trade-off: a
 * partition's whole document moves on every change, so spread many reminders over more partitions
 * ({@code remindersStoragePartitions}), or use a store with a native reminder index (Redis,
 * PostgreSQL). Payloads that are JSON stay readable in the document. Thread-safe.
 */
final class StateReminderStore implements ReminderStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 20;

  private final ComponentHandle<StateComponent> store;

  StateReminderStore(ComponentHandle<StateComponent> store) {
    this.store = store;
  }

  static String documentKey(ReminderPartition p) {
    return "plumb-reminders||" + p.appId() + "||" + p.actorType() + "||" + p.partition();
  }

  private static String member(ReminderKey key) {
    return key.actorId() + "||" + key.name();
  }

  @Override
  public void saveReminder(StoredReminder reminder) {
    ReminderKey key = reminder.key();
    update(
        key.partitionKey(),
        doc -> {
          doc.put(member(key), reminder);
          return true;
        });
  }

  @Override
  public StoredReminder getReminder(ReminderKey key) {
    return read(key.partitionKey()).reminders.get(member(key));
  }

  @Override
  public void deleteReminder(ReminderKey key) {
    update(key.partitionKey(), doc -> doc.remove(member(key)) != null);
  }

  @Override
  public List<StoredReminder> dueReminders(ReminderPartition partition, Instant before, int limit) {
    List<StoredReminder> due = new ArrayList<>();
    for (StoredReminder r : read(partition).reminders.values()) {
      if (r.dueTime().isBefore(before)) {
        due.add(r);
      }
    }
    due.sort(Comparator.comparing(StoredReminder::dueTime));
    return due.size() > limit ? new ArrayList<>(due.subList(0, limit)) : due;
  }

  @Override
  public void completeReminders(List<ReminderCompletion> completions) {
    Map<ReminderPartition, List<ReminderCompletion>> byPartition = new LinkedHashMap<>();
    for (ReminderCompletion c : completions) {
      byPartition.computeIfAbsent(c.key().partitionKey(), k -> new ArrayList<>()).add(c);
    }
    byPartition.forEach(
        (p, batch) ->
            update(
                p,
                doc -> {
                  boolean changed = false;
                  for (ReminderCompletion c : batch) {
                    String m = member(c.key());
                    StoredReminder current = doc.get(m);
                    if (current == null || current.revision() != c.firedRevision()) {
                      continue;
                    }
                    if (c.next() == null) {
                      doc.remove(m);
                    } else {
                      doc.put(m, c.next());
                    }
                    changed = true;
                  }
                  return changed;
                }));
  }

  // ---- documents ----

  /** A partition's document as read: its reminders by member, and the etag to write it back. */
  private static final class Document {
    final Map<String, StoredReminder> reminders;
    final ETag etag;

    Document(Map<String, StoredReminder> reminders, ETag etag) {
      this.reminders = reminders;
      this.etag = etag;
    }
  }

  /** Reads, changes and writes back a document, again on an etag conflict. */
  private void update(ReminderPartition p, Predicate<Map<String, StoredReminder>> change) {
    for (int attempt = 1; ; attempt++) {
      Document doc = read(p);
      if (!change.test(doc.reminders)) {
        return;
      }
      try {
        write(p, doc);
        return;
      } catch (ETagMismatchException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Document read(ReminderPartition p) {
    String key = documentKey(p);
    StateItem<byte[]> item =
        store.outbound().call("get", () -> store.component().get(GetRequest.of(key)));
    Map<String, StoredReminder> reminders = new LinkedHashMap<>();
    if (item == null || item.value() == null) {
      return new Document(reminders, null);
    }
    try {
      for (JsonNode n : JSON.readTree(item.value()).path("reminders")) {
        StoredReminder r = fromJson(p, n);
        reminders.put(member(r.key()), r);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "the reminder document '"
              + key
              + "' in state store '"
              + store.name()
              + "' is not valid JSON",
          e);
    }
    return new Document(reminders, item.etag());
  }

  private void write(ReminderPartition p, Document doc) {
    String key = documentKey(p);
    if (doc.reminders.isEmpty()) {
      if (doc.etag != null) {
        store
            .outbound()
            .call(
                "delete",
                () -> {
                  store.component().delete(DeleteRequest.ifMatch(key, doc.etag));
                  return null;
                });
      }
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("reminders");
    doc.reminders.values().forEach(r -> list.add(toJson(r)));
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a reminder document", e);
    }
    // A new document must not exist yet; an existing one must be unchanged since it was read.
    SetRequest set =
        new SetRequest(key, bytes, doc.etag, Concurrency.FIRST_WRITE, Consistency.STRONG, Map.of());
    store
        .outbound()
        .call(
            "set",
            () -> {
              store.component().set(set);
              return null;
            });
  }

  private static ObjectNode toJson(StoredReminder r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("actorId", r.key().actorId());
    n.put("name", r.key().name());
    n.put("dueTime", r.dueTime().toString());
    if (r.period() != null) {
      n.put("period", r.period());
    }
    n.put("remainingRepetitions", r.remainingRepetitions());
    if (r.expiration() != null) {
      n.put("expiration", r.expiration().toString());
    }
    if (r.data() != null) {
      JsonNode data = jsonOrNull(r.data());
      if (data != null) {
        n.set("data", data);
      } else {
        n.put("dataBase64", Base64.getEncoder().encodeToString(r.data()));
      }
    }
    n.put("revision", r.revision());
    return n;
  }

  private static JsonNode jsonOrNull(byte[] bytes) {
    try {
      JsonNode n = JSON.readTree(bytes);
      // Re-encoding must give the same bytes, or the payload would change on its way through.
      return n != null && java.util.Arrays.equals(JSON.writeValueAsBytes(n), bytes) ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static StoredReminder fromJson(ReminderPartition p, JsonNode n)
      throws JsonProcessingException {
    byte[] data = null;
    if (n.has("data")) {
      data = JSON.writeValueAsBytes(n.get("data"));
    } else if (n.has("dataBase64")) {
      data = Base64.getDecoder().decode(n.get("dataBase64").asText());
    }
    return new StoredReminder(
        new ReminderKey(
            p.appId(),
            p.actorType(),
            n.get("actorId").asText(),
            n.get("name").asText(),
            p.partition()),
        Instant.parse(n.get("dueTime").asText()),
        n.hasNonNull("period") ? n.get("period").asText() : null,
        n.path("remainingRepetitions").asInt(0),
        n.hasNonNull("expiration") ? Instant.parse(n.get("expiration").asText()) : null,
        data,
        n.path("revision").asLong());
  }
}
