package dev.plumb.runtime.internal.memory;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.KeysPage;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr's {@code state.in-memory} component: a map in this JVM, lost on close. Features: {@link
 * StateFeature#ETAG}, {@link StateFeature#TRANSACTIONAL}, {@link StateFeature#TTL}, {@link
 * StateFeature#DELETE_WITH_PREFIX}, {@link StateFeature#KEYS_LIKE} and, unlike Dapr's, {@link
 * StateFeature#QUERY_API} (values that are not JSON are skipped by queries).
 *
 * <p>ETags are a store-wide write counter, so every write issues a new one; the same counter orders
 * keys-like pages. Expired values are invisible at once (checked against the injected clock on
 * every read) and purged by a sweeper every second.
 *
 * <p>Thread-safe. Reads take no lock; writes, transactions and deletes serialize on one lock, so a
 * transaction validates every etag and then applies its operations with no write in between. A
 * concurrent lock-free reader may observe a transaction's keys change one after the other.
 */
public final class InMemoryStateComponent implements StateComponent {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryStateComponent.class);
  private static final Set<StateFeature> FEATURES =
      Collections.unmodifiableSet(
          EnumSet.of(
              StateFeature.ETAG,
              StateFeature.TRANSACTIONAL,
              StateFeature.QUERY_API,
              StateFeature.TTL,
              StateFeature.DELETE_WITH_PREFIX,
              StateFeature.KEYS_LIKE));
  private static final String SEPARATOR = "||";

  private final String name;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> items = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private final Scheduler.Task sweeper;
  // Guarded by writeLock; the last etag / write sequence number issued.
  private long sequence;

  /** One stored value; immutable, replaced on every write. */
  private record Entry(byte[] value, long version, Instant expiry) {
    boolean expiredAt(Instant now) {
      return expiry != null && !now.isBefore(expiry);
    }

    ETag etag() {
      return new ETag(Long.toString(version));
    }
  }

  /**
   * Creates an empty store and starts its expiry sweeper.
   *
   * @param name the component's name, used in error messages
   * @param clock decides when values expire
   * @param scheduler runs the sweeper every second until {@link #close()}
   */
  public InMemoryStateComponent(String name, Clock clock, Scheduler scheduler) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sweeper = scheduler.every(Duration.ofSeconds(1), this::sweep);
  }

  @Override
  public Set<StateFeature> features() {
    return FEATURES;
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) {
    Entry e = live(request.key(), clock.instant());
    return e == null ? null : item(request.key(), e);
  }

  @Override
  public void set(SetRequest request) {
    Long ttl = StateComponents.ttlSeconds(request.metadata());
    synchronized (writeLock) {
      Instant now = clock.instant();
      String key = request.key();
      checkConcurrency(key, request.etag(), request.concurrency(), live(key, now));
      items.put(key, newEntry(request.value(), ttl, now, ++sequence));
    }
  }

  @Override
  public void delete(DeleteRequest request) {
    synchronized (writeLock) {
      String key = request.key();
      checkConcurrency(key, request.etag(), request.concurrency(), live(key, clock.instant()));
      items.remove(key);
    }
  }

  @Override
  public void transact(List<StateMutation> operations, Map<String, String> metadata) {
    List<Long> ttls = new ArrayList<>(operations.size());
    for (StateMutation op : operations) {
      ttls.add(op instanceof SetRequest ? StateComponents.ttlSeconds(op.metadata()) : null);
    }
    synchronized (writeLock) {
      Instant now = clock.instant();
      // The outcome of every operation, validated against the earlier ones of the same
      // transaction; a null value means deleted. Nothing reaches the map until all are valid.
      Map<String, Entry> pending = new LinkedHashMap<>();
      long seq = sequence;
      for (int i = 0; i < operations.size(); i++) {
        StateMutation op = operations.get(i);
        String key = op.key();
        Entry current = pending.containsKey(key) ? pending.get(key) : live(key, now);
        if (op instanceof SetRequest set) {
          checkConcurrency(key, set.etag(), set.concurrency(), current);
          pending.put(key, newEntry(set.value(), ttls.get(i), now, ++seq));
        } else {
          DeleteRequest delete = (DeleteRequest) op;
          checkConcurrency(key, delete.etag(), delete.concurrency(), current);
          pending.put(key, null);
        }
      }
      sequence = seq;
      pending.forEach(
          (key, entry) -> {
            if (entry == null) {
              items.remove(key);
            } else {
              items.put(key, entry);
            }
          });
    }
  }

  @Override
  public QueryResult<byte[]> query(StateQuery query, Map<String, String> metadata) {
    Instant now = clock.instant();
    List<InMemoryStateQuery.Candidate> candidates = new ArrayList<>();
    items.forEach(
        (key, e) -> {
          if (!e.expiredAt(now)) {
            InMemoryStateQuery.Candidate c = InMemoryStateQuery.candidate(key, e.value(), e.etag());
            if (c != null) {
              candidates.add(c);
            }
          }
        });
    return InMemoryStateQuery.run(query, candidates);
  }

  @Override
  public long deleteWithPrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals(SEPARATOR)) {
      throw new InvalidRequestException("a prefix is required to delete with prefix");
    }
    String p = prefix.endsWith(SEPARATOR) ? prefix : prefix + SEPARATOR;
    long count = 0;
    synchronized (writeLock) {
      Instant now = clock.instant();
      for (Map.Entry<String, Entry> e : items.entrySet()) {
        String key = e.getKey();
        if (key.startsWith(p) && !key.substring(p.length()).contains(SEPARATOR)) {
          items.remove(key);
          if (!e.getValue().expiredAt(now)) {
            count++;
          }
        }
      }
    }
    return count;
  }

  @Override
  public KeysPage keysLike(String pattern, Integer pageSize, String continuationToken) {
    if (pattern == null || pattern.isEmpty()) {
      throw new InvalidRequestException("keys like pattern cannot be empty");
    }
    if (pageSize != null && pageSize <= 0) {
      throw new InvalidRequestException("keys like page size must be positive, got " + pageSize);
    }
    long from = parseToken(continuationToken);
    Pattern regex = likeToRegex(pattern);
    Instant now = clock.instant();
    List<Map.Entry<String, Entry>> matches = new ArrayList<>();
    items.forEach(
        (key, e) -> {
          if (e.version() >= from && !e.expiredAt(now) && regex.matcher(key).matches()) {
            matches.add(Map.entry(key, e));
          }
        });
    matches.sort(Comparator.comparingLong(m -> m.getValue().version()));
    int n = pageSize == null ? matches.size() : Math.min(pageSize, matches.size());
    List<String> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      keys.add(matches.get(i).getKey());
    }
    String token = n < matches.size() ? Long.toString(matches.get(n).getValue().version()) : null;
    return new KeysPage(keys, token);
  }

  /** Stops the sweeper and drops every value. */
  @Override
  public void close() {
    sweeper.cancel();
    items.clear();
  }

  /**
   * Removes expired values; runs on the scheduler every second.
   *
   * @return how many values were removed
   */
  int sweep() {
    int removed = 0;
    try {
      Instant now = clock.instant();
      for (Map.Entry<String, Entry> e : items.entrySet()) {
        // Conditional: a write that replaced the entry since we looked keeps its value.
        if (e.getValue().expiredAt(now) && items.remove(e.getKey(), e.getValue())) {
          removed++;
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("state store '{}': expiry sweep failed", name, e);
    }
    return removed;
  }

  /**
   * Counts stored entries, expired ones not yet swept included.
   *
   * @return the map's size
   */
  int storedEntries() {
    return items.size();
  }

  private Entry live(String key, Instant now) {
    Entry e = items.get(key);
    return e == null || e.expiredAt(now) ? null : e;
  }

  private static Entry newEntry(byte[] value, Long ttl, Instant now, long version) {
    Instant expiry = ttl != null && ttl > 0 ? now.plusSeconds(ttl) : null;
    return new Entry(value.clone(), version, expiry);
  }

  private static StateItem<byte[]> item(String key, Entry e) {
    Map<String, String> metadata =
        e.expiry() == null
            ? Map.of()
            : Map.of(StateItem.TTL_EXPIRE_TIME, StateComponents.formatExpireTime(e.expiry()));
    return new StateItem<>(key, e.value().clone(), e.etag(), metadata);
  }

  private void checkConcurrency(String key, ETag etag, Concurrency concurrency, Entry current) {
    // Dapr treats an empty etag as none.
    if (etag != null && !etag.value().isEmpty()) {
      if (current == null) {
        throw new ETagMismatchException(
            "state store '" + name + "': key '" + key + "' does not exist, etag " + etag);
      }
      if (!etag.value().equals(Long.toString(current.version()))) {
        throw new ETagMismatchException(
            "state store '" + name + "': etag " + etag + " does not match key '" + key + "'");
      }
    } else if (concurrency == Concurrency.FIRST_WRITE && current != null) {
      throw new ETagMismatchException(
          "state store '" + name + "': first-write to key '" + key + "', which already exists");
    }
  }

  private static long parseToken(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("invalid keys like continuation token '" + token + "'");
    }
  }

  /**
   * Translates an SQL LIKE pattern: {@code %} any sequence, {@code _} one character, {@code \}
   * takes the next character literally; everything else is literal.
   */
  static Pattern likeToRegex(String pattern) {
    StringBuilder re = new StringBuilder();
    int[] cps = pattern.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\\' && i + 1 < cps.length) {
        re.append(Pattern.quote(Character.toString(cps[++i])));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(Character.toString(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }
}
