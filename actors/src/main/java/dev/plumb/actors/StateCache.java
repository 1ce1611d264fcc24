package dev.plumb.actors;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.actors.ActorStateManager;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ActorStateManager} of one activation: values read once and cached while the actor is
 * active, changes collected during a turn and saved by the engine in one transaction when the turn
 * returns. Keys are Dapr's {@code <appId>||<actorType>||<actorId>||<key>}. Not thread-safe: only
 * the turn holding the actor's lock uses it.
 */
final class StateCache implements ActorStateManager {
  private static final String SEPARATOR = "||";

  private final Activation actor;
  private final String prefix;
  private final Map<String, String> metadata;
  private final Map<String, Entry> entries = new HashMap<>();
  private int changes;

  /** A key as the cache knows it: a value, or known to be missing, and what the turn did to it. */
  private static final class Entry {
    Object value;
    byte[] bytes;
    Instant expires;
    Duration ttl;
    boolean changed;

    boolean present(Instant now) {
      return (value != null || bytes != null) && (expires == null || expires.isAfter(now));
    }
  }

  StateCache(Activation actor) {
    this.actor = actor;
    ActorEngine engine = actor.hostedType().engine();
    String base = engine.appId() + SEPARATOR + actor.type() + SEPARATOR + actor.id();
    this.prefix = base + SEPARATOR;
    // Dapr sends the actor's key as the partition key, which stores such as Cosmos DB use.
    this.metadata = Map.of("partitionKey", base);
  }

  @Override
  public <T> Optional<T> get(String key, Class<T> type) {
    return get(key, (Type) type);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(String key, Type type) {
    Objects.requireNonNull(type, "type");
    Entry e = entry(key, "reading state");
    if (!e.present(now())) {
      return Optional.empty();
    }
    if (e.value != null && type instanceof Class && ((Class<?>) type).isInstance(e.value)) {
      return Optional.of((T) e.value);
    }
    ActorEngine engine = actor.hostedType().engine();
    String what = label(key);
    byte[] bytes = e.bytes != null ? e.bytes : engine.codec().encode(e.value, what);
    T value = engine.codec().decode(bytes, type, what);
    e.value = value;
    return Optional.ofNullable(value);
  }

  @Override
  public void set(String key, Object value) {
    put(key, value, null);
  }

  @Override
  public void set(String key, Object value, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new InvalidRequestException(
          "actor " + actor + ", state key '" + key + "': ttl must be positive, got " + ttl);
    }
    put(key, value, ttl);
  }

  @Override
  public void add(String key, Object value) {
    if (contains(key)) {
      throw new IllegalStateException(
          "actor " + actor + ": state key '" + key + "' already has a value");
    }
    set(key, value);
  }

  @Override
  public void remove(String key) {
    actor.checkInTurn("state");
    checkKey(key);
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    e.value = null;
    e.bytes = null;
    e.expires = null;
    e.ttl = null;
    change(e);
  }

  @Override
  public boolean contains(String key) {
    return entry(key, "reading state").present(now());
  }

  private void put(String key, Object value, Duration ttl) {
    actor.checkInTurn("state");
    checkKey(key);
    Objects.requireNonNull(value, "value");
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    e.value = value;
    e.bytes = null;
    e.ttl = ttl;
    e.expires = ttl == null ? null : now().plus(ttl);
    change(e);
  }

  private void change(Entry e) {
    if (!e.changed) {
      e.changed = true;
      changes++;
    }
  }

  private Entry entry(String key, String what) {
    actor.checkInTurn("state");
    checkKey(key);
    Entry e = entries.get(key);
    if (e == null) {
      e = load(key);
      entries.put(key, e);
    }
    return e;
  }

  private Entry load(String key) {
    StateItem<byte[]> item = actor.hostedType().engine().readState(prefix + key, metadata);
    Entry e = new Entry();
    if (item != null && item.value() != null) {
      e.bytes = item.value();
      e.expires = item.ttlExpireTime().orElse(null);
    }
    return e;
  }

  private void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.contains(SEPARATOR)) {
      throw new InvalidRequestException(
          "actor " + actor + ": state key '" + key + "' must not be empty or contain '||'");
    }
  }

  private Instant now() {
    return actor.hostedType().engine().clock().instant();
  }

  private String label(String key) {
    return "actor " + actor + ", state key '" + key + "'";
  }

  /**
   * Tells whether the turn changed anything.
   *
   * @return {@code true} if there is something to save
   */
  boolean dirty() {
    return changes > 0;
  }

  /**
   * Returns the turn's changes as one transaction's mutations, serializing the values.
   *
   * @return the mutations, in no particular order (one per key)
   * @throws dev.plumb.api.actors.ActorSerializationException if a value cannot be serialized
   */
  List<StateMutation> mutations() {
    List<StateMutation> ops = new ArrayList<>(changes);
    for (Map.Entry<String, Entry> kv : entries.entrySet()) {
      Entry e = kv.getValue();
      if (!e.changed) {
        continue;
      }
      String stored = prefix + kv.getKey();
      if (e.value == null && e.bytes == null) {
        ops.add(
            new DeleteRequest(
                stored, null, Concurrency.LAST_WRITE, Consistency.EVENTUAL, metadata));
      } else {
        if (e.bytes == null) {
          e.bytes = actor.hostedType().engine().codec().encode(e.value, label(kv.getKey()));
        }
        Map<String, String> md = metadata;
        if (e.ttl != null) {
          md = new HashMap<>(metadata);
          // Dapr's TTL is whole seconds: round up, so a value never expires early.
          long seconds = (e.ttl.toMillis() + 999) / 1000;
          md.put(StateComponents.TTL_IN_SECONDS, Long.toString(seconds));
        }
        ops.add(
            new SetRequest(
                stored, e.bytes, null, Concurrency.LAST_WRITE, Consistency.EVENTUAL, md));
      }
    }
    return ops;
  }

  /** Marks the changes as saved. */
  void committed() {
    for (Entry e : entries.values()) {
      e.changed = false;
    }
    changes = 0;
  }

  /** Forgets everything, after a failed turn: the next read goes to the store. */
  void discard() {
    entries.clear();
    changes = 0;
  }
}
