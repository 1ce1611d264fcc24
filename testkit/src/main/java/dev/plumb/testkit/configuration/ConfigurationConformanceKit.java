package dev.plumb.testkit.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dapr's configuration conformance suite ({@code tests/conformance/configuration}), at the
 * component level. An "updater" changes the backing store behind the component's back: the subclass
 * implements {@link #addKeys}, {@link #updateKeys} and {@link #deleteKeys} with the store's own
 * client, in the store's layout, and returns a started component from {@link #createComponent()}.
 *
 * <p>The scenario follows Dapr's: keys {@code <run>_key_<n>}, values {@code <run>_val_<n>}, version
 * {@code 1.0.0}, no metadata; groups A (0..9) and B (10..19) inserted; get A, get all, get missing
 * keys; subscriptions S1 (A), S2 (A and B), S3 (every key); update A, update B, add C (20..29),
 * delete B, each checked on the subscriptions that must and must not see it; then unsubscribe S1,
 * S2, S3 in turn. Differences from Dapr, because the test servers are shared: "get all" is compared
 * on this run's keys unless {@link #storeHoldsOnlyThisRun()}, and "receives nothing" waits {@link
 * #quietPeriod()} after a still-subscribed watcher has seen the same change, not 30 s. The kit also
 * checks the SPI's promises: no initial values, and one call at a time per subscription.
 */
public abstract class ConfigurationConformanceKit {
  /** Dapr's time limit for a component's init. */
  protected static final Duration INIT_TIMEOUT = Duration.ofSeconds(15);

  /** Dapr's limit for the expected changes to arrive. */
  protected static final Duration MAX_READ = Duration.ofSeconds(30);

  private static final int KEY_COUNT = 10;
  private static final String VERSION = "1.0.0";

  private final String run = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final Map<String, ConfigurationItem> current = new HashMap<>();
  private ConfigurationComponent component;

  /** For subclasses. */
  protected ConfigurationConformanceKit() {}

  /**
   * Creates and starts the component under test.
   *
   * @return a started component
   * @throws Exception if it cannot start
   */
  protected abstract ConfigurationComponent createComponent() throws Exception;

  /**
   * Adds keys to the backing store (Dapr's updater {@code AddKey}).
   *
   * @param items the items by key
   * @throws Exception if the store fails
   */
  protected abstract void addKeys(Map<String, ConfigurationItem> items) throws Exception;

  /**
   * Changes existing keys (Dapr's updater {@code UpdateKey}); the default adds them again.
   *
   * @param items the new items by key
   * @throws Exception if the store fails
   */
  protected void updateKeys(Map<String, ConfigurationItem> items) throws Exception {
    addKeys(items);
  }

  /**
   * Deletes keys from the backing store (Dapr's updater {@code DeleteKey}).
   *
   * @param keys the keys
   * @throws Exception if the store fails
   */
  protected abstract void deleteKeys(Collection<String> keys) throws Exception;

  /**
   * Returns what a subscriber receives for a deleted key: Dapr's empty item by default;
   * PostgreSQL's store sends the deleted row's last item.
   *
   * @param key the deleted key
   * @param last its item before the delete
   * @return the expected item
   */
  protected ConfigurationItem deletedItem(String key, ConfigurationItem last) {
    return ConfigurationItem.EMPTY;
  }

  /**
   * Returns the metadata of the kit's subscribe requests (PostgreSQL's {@code pgNotifyChannel}).
   *
   * @return request metadata; empty by default
   */
  protected Map<String, String> subscribeMetadata() {
    return Map.of();
  }

  /**
   * Tells whether the store holds only this run's keys, so that "get all" must return exactly them,
   * as in Dapr; otherwise it is compared on the keys of this run.
   *
   * @return {@code false} by default
   */
  protected boolean storeHoldsOnlyThisRun() {
    return false;
  }

  /**
   * How long a subscription that must receive nothing is watched, after the others received the
   * same change.
   *
   * @return one second by default
   */
  protected Duration quietPeriod() {
    return Duration.ofSeconds(1);
  }

  /**
   * Creates a component with the provider of a type found on the classpath, as Plumb would.
   *
   * @param type the component type, such as {@code configuration.redis}
   * @param metadata plain metadata values
   * @return the started component
   * @throws Exception if the provider fails
   */
  protected static ConfigurationComponent createFromProvider(
      String type, Map<String, String> metadata) throws Exception {
    return new TestComponentContext("conftest-" + type, type, metadata)
        .createComponent(ConfigurationComponent.class);
  }

  /**
   * Returns this run's id, the prefix of every key the kit writes.
   *
   * @return a short id of letters and digits
   */
  protected final String run() {
    return run;
  }

  @BeforeEach
  final void initComponent() {
    component = assertTimeoutPreemptively(INIT_TIMEOUT, this::createComponent, "init within 15s");
  }

  @AfterEach
  final void closeComponent() {
    if (component != null) {
      component.close();
    }
  }

  /**
   * Returns the component under test.
   *
   * @return the started component of the current test
   */
  protected final ConfigurationComponent component() {
    return component;
  }

  private String key(int n) {
    return run + "_key_" + n;
  }

  private Map<String, ConfigurationItem> group(int from, String valueTag) {
    Map<String, ConfigurationItem> items = new LinkedHashMap<>();
    for (int n = from; n < from + KEY_COUNT; n++) {
      items.put(key(n), new ConfigurationItem(run + valueTag + n, VERSION, Map.of()));
    }
    return items;
  }

  /** One subscription's record of what it received. */
  private final class Watch implements Consumer<Map<String, ConfigurationItem>> {
    final String name;
    final Map<String, List<ConfigurationItem>> received = new ConcurrentHashMap<>();
    final AtomicInteger inCall = new AtomicInteger();
    final AtomicInteger overlaps = new AtomicInteger();
    Subscription subscription;

    Watch(String name) {
      this.name = name;
    }

    @Override
    public void accept(Map<String, ConfigurationItem> items) {
      if (inCall.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      try {
        items.forEach((k, v) -> received.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      } finally {
        inCall.decrementAndGet();
      }
    }

    void clear() {
      received.clear();
    }

    boolean hasAll(Map<String, ConfigurationItem> expected) {
      return expected.entrySet().stream()
          .allMatch(
              e -> {
                List<ConfigurationItem> got = received.get(e.getKey());
                return got != null && got.contains(e.getValue());
              });
    }
  }

  private Watch subscribe(String name, Collection<String> keys) {
    Watch w = new Watch(name);
    w.subscription =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                component.subscribe(
                    new ConfigurationRequest(List.copyOf(keys), subscribeMetadata()), w),
            name + " subscribes");
    assertThat(w.subscription).as(name + " subscription").isNotNull();
    return w;
  }

  private void awaitReceived(Map<String, ConfigurationItem> expected, Watch... watches) {
    for (Watch w : watches) {
      await(w.name + " receives " + expected.size() + " change(s)")
          .atMost(MAX_READ)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> w.hasAll(expected));
    }
  }

  private void assertOnly(Set<String> allowed, Watch w) {
    assertThat(w.received.keySet()).as(w.name + " received only its keys").isSubsetOf(allowed);
    assertThat(w.overlaps.get()).as(w.name + ": one call at a time").isZero();
  }

  private void assertNothing(Watch... watches) {
    // Give a wrongly delivered change the time to arrive, then check none did.
    await().pollDelay(quietPeriod()).atMost(quietPeriod().plusSeconds(5)).until(() -> true);
    for (Watch w : watches) {
      assertThat(w.received).as(w.name + " receives nothing").isEmpty();
    }
  }

  private void clear(Watch... watches) {
    for (Watch w : watches) {
      w.clear();
    }
  }

  private void add(Map<String, ConfigurationItem> items) throws Exception {
    addKeys(items);
    current.putAll(items);
  }

  private void update(Map<String, ConfigurationItem> items) throws Exception {
    updateKeys(items);
    current.putAll(items);
  }

  private Map<String, ConfigurationItem> get(Collection<String> keys) throws Exception {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> component.get(new ConfigurationRequest(List.copyOf(keys), null)));
  }

  /** Dapr's whole scenario, in its order: each step depends on the previous ones. */
  @Test
  void conformance() throws Exception {
    Map<String, ConfigurationItem> a = group(0, "_val_");
    Map<String, ConfigurationItem> b = group(KEY_COUNT, "_val_");
    add(a);
    add(b);

    // get
    assertThat(get(a.keySet())).as("get A").isEqualTo(a);
    Map<String, ConfigurationItem> all = new HashMap<>(get(List.of()));
    if (!storeHoldsOnlyThisRun()) {
      all.keySet().removeIf(k -> !k.startsWith(run + "_"));
    }
    Map<String, ConfigurationItem> ab = new HashMap<>(a);
    ab.putAll(b);
    assertThat(all).as("get all").isEqualTo(ab);
    List<String> missing = new ArrayList<>();
    for (int n = 100; n < 100 + KEY_COUNT; n++) {
      missing.add(key(n));
    }
    assertThat(get(missing)).as("get missing keys").isEmpty();

    // subscribe: changes only
    Watch s1 = subscribe("S1", a.keySet());
    Watch s2 = subscribe("S2", ab.keySet());
    Watch s3 = subscribe("S3", List.of());
    assertNothing(s1, s2, s3);

    // update A, update B, add C
    Map<String, ConfigurationItem> a2 = group(0, "_val2_");
    update(a2);
    awaitReceived(a2, s1, s2, s3);
    Map<String, ConfigurationItem> b2 = group(KEY_COUNT, "_val2_");
    update(b2);
    awaitReceived(b2, s2, s3);
    Map<String, ConfigurationItem> c = group(2 * KEY_COUNT, "_val_");
    add(c);
    awaitReceived(c, s3);
    Set<String> abc = new HashSet<>(ab.keySet());
    abc.addAll(c.keySet());
    assertOnly(a.keySet(), s1);
    assertOnly(ab.keySet(), s2);
    assertOnly(abc, s3);
    clear(s1, s2, s3);

    // delete B
    Map<String, ConfigurationItem> deleted =
        b.keySet().stream().collect(Collectors.toMap(k -> k, k -> deletedItem(k, current.get(k))));
    deleteKeys(b.keySet());
    b.keySet().forEach(current::remove);
    awaitReceived(deleted, s2, s3);
    assertOnly(Set.of(), s1);
    assertOnly(b.keySet(), s2);
    assertOnly(b.keySet(), s3);
    assertThat(get(b.keySet())).as("get deleted keys").isEmpty();
    clear(s1, s2, s3);

    // unsubscribe S1, then S2, then S3
    s1.subscription.close();
    Map<String, ConfigurationItem> a3 = group(0, "_val3_");
    update(a3);
    awaitReceived(a3, s2, s3);
    assertNothing(s1);
    clear(s2, s3);

    s2.subscription.close();
    Map<String, ConfigurationItem> a4 = group(0, "_val4_");
    update(a4);
    awaitReceived(a4, s3);
    assertNothing(s1, s2);
    clear(s3);

    s3.subscription.close();
    s3.subscription.close();
    update(group(0, "_val5_"));
    assertNothing(s1, s2, s3);
  }
}
