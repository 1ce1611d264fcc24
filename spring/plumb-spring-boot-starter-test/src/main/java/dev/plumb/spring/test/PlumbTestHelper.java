package dev.plumb.spring.test;

import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.runtime.ComponentInfo;
import dev.plumb.runtime.InMemoryConfiguration;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.DeliveryListener;
import dev.plumb.spring.autoconfigure.PlumbHandlers;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Drives a {@link PlumbTest}: publishes, waits for {@code @Topic} deliveries, reads what reached
 * the dead-letter topics of the subscriptions, changes the items of the configuration stores'
 * twins, and moves the runtime's clock. Thread-safe.
 */
public final class PlumbTestHelper implements DeliveryListener, SmartLifecycle {
  /** How long the await methods wait at most. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ObjectProvider<Plumb> plumb;
  private final PlumbHandlers handlers;
  private final TestScheduler scheduler;
  private final Map<String, List<Delivery>> deliveries = new ConcurrentHashMap<>();
  private final Map<String, List<CloudEvent>> deadLetters = new ConcurrentHashMap<>();
  // Configuration store name -> the InMemoryConfiguration space of its twin, unique per context so
  // that cached test contexts of one JVM do not hear each other's changes.
  private final Map<String, String> spaces = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();
  private volatile boolean running;

  PlumbTestHelper(ObjectProvider<Plumb> plumb, PlumbHandlers handlers, TestScheduler scheduler) {
    this.plumb = plumb;
    this.handlers = handlers;
    this.scheduler = scheduler;
  }

  /**
   * One delivery to a {@code @Topic} method.
   *
   * @param event the envelope
   * @param result what the method returned; RETRY if it threw
   * @param failure what it threw, or {@code null}
   */
  public record Delivery(CloudEvent event, DeliveryResult result, Throwable failure) {}

  /**
   * Publishes to the only pub/sub component.
   *
   * @param topic the topic
   * @param payload the payload, serialized as the application's values are
   */
  public void publish(String topic, Object payload) {
    publish(onlyPubSub(), topic, payload);
  }

  /**
   * Publishes to a pub/sub component.
   *
   * @param pubsub the component's name
   * @param topic the topic
   * @param payload the payload
   */
  public void publish(String pubsub, String topic, Object payload) {
    plumb.getObject().pubSub(pubsub).publish(topic, payload);
  }

  /**
   * Waits until {@code @Topic} methods of a topic of the only pub/sub have had {@code count}
   * deliveries (retries count), at most {@link #TIMEOUT}.
   *
   * @param topic the topic
   * @param count the deliveries to wait for
   * @return the deliveries so far, in order
   */
  public List<Delivery> awaitDelivered(String topic, int count) {
    return awaitDelivered(onlyPubSub(), topic, count);
  }

  /**
   * Waits until {@code @Topic} methods of a topic have had {@code count} deliveries.
   *
   * @param pubsub the component's name
   * @param topic the topic
   * @param count the deliveries to wait for
   * @return the deliveries so far, in order
   */
  public List<Delivery> awaitDelivered(String pubsub, String topic, int count) {
    Awaitility.await().atMost(TIMEOUT).until(() -> delivered(pubsub, topic).size() >= count);
    return delivered(pubsub, topic);
  }

  /**
   * Returns the deliveries of a topic so far.
   *
   * @param pubsub the component's name
   * @param topic the topic
   * @return the deliveries, in order; a copy
   */
  public List<Delivery> delivered(String pubsub, String topic) {
    return List.copyOf(deliveries.getOrDefault(pubsub + "/" + topic, List.of()));
  }

  /**
   * Waits until a dead-letter topic of a {@code @Topic} subscription has received {@code count}
   * events.
   *
   * @param pubsub the component's name
   * @param deadLetterTopic the topic named by {@code @Topic(deadLetterTopic = ...)}
   * @param count the events to wait for
   * @return the dead letters so far, in order
   */
  public List<CloudEvent> awaitDeadLetters(String pubsub, String deadLetterTopic, int count) {
    String key = pubsub + "/" + deadLetterTopic;
    Awaitility.await().atMost(TIMEOUT).until(() -> deadLetters(key).size() >= count);
    return deadLetters(key);
  }

  /**
   * What reached a dead-letter topic: through the helper's own subscription, or, when a {@code
   * Topic} method of the application subscribes to it (in its consumer group the two would
   * compete), what was delivered to that method.
   */
  private List<CloudEvent> deadLetters(String key) {
    List<CloudEvent> own = deadLetters.get(key);
    if (own != null) {
      return List.copyOf(own);
    }
    return deliveries.getOrDefault(key, List.of()).stream().map(Delivery::event).toList();
  }

  /**
   * Sets an item of the only configuration store's twin; its subscribers ({@code
   * ConfigurationListener} methods, the configuration property source) receive the change before
   * this returns.
   *
   * @param key the key
   * @param value the new value; the version is a counter of this helper
   */
  public void updateConfiguration(String key, String value) {
    updateConfiguration(onlyConfigurationStore(), key, value);
  }

  /**
   * Sets an item of a configuration store's twin.
   *
   * @param store the component's name
   * @param key the key
   * @param value the new value
   */
  public void updateConfiguration(String store, String key, String value) {
    configuration(store)
        .put(key, ConfigurationItem.of(value, Long.toString(versions.incrementAndGet())));
  }

  /**
   * Deletes items of a configuration store's twin; subscribers receive each as an empty item.
   *
   * @param store the component's name
   * @param keys the keys
   */
  public void deleteConfiguration(String store, String... keys) {
    configuration(store).delete(List.of(keys));
  }

  /**
   * Returns the items of a configuration store's twin, to read or change several at once.
   *
   * @param store the component's name
   * @return the twin's space
   * @throws IllegalArgumentException if no configuration store of that name was replaced
   */
  public InMemoryConfiguration configuration(String store) {
    String space = spaces.get(store);
    if (space == null) {
      throw new IllegalArgumentException(
          "no configuration store '"
              + store
              + "' was replaced by a twin; there are "
              + spaces.keySet());
    }
    return InMemoryConfiguration.space(space);
  }

  /** Points every configuration store's twin at a space of its own; called by a customizer. */
  void isolateConfiguration(Plumb.Builder builder) {
    String run = UUID.randomUUID().toString();
    for (ComponentInfo c : builder.plannedComponents()) {
      if (c.api() == ConfigurationStore.class) {
        String space = "plumb-test-" + run + "/" + c.name();
        builder.replaceComponent(c.name(), "configuration.in-memory", Map.of("space", space));
        spaces.put(c.name(), space);
      }
    }
  }

  private String onlyConfigurationStore() {
    if (spaces.size() != 1) {
      throw new IllegalStateException(
          "name the configuration store: there are "
              + spaces.size()
              + " of them "
              + spaces.keySet());
    }
    return spaces.keySet().iterator().next();
  }

  /**
   * Moves the runtime's clock, running the timers that fall due (retry waits, TTLs, reminders,
   * cron) on this thread.
   *
   * @param duration how far
   * @return how many timers ran
   */
  public int advance(Duration duration) {
    return scheduler.advance(duration);
  }

  /**
   * Returns the test scheduler.
   *
   * @return the scheduler the runtime runs on
   */
  public TestScheduler scheduler() {
    return scheduler;
  }

  /** Forgets the deliveries and dead letters recorded so far. */
  public void reset() {
    deliveries.clear();
    // The dead-letter subscriptions stay; only what they received is forgotten.
    deadLetters.values().forEach(List::clear);
  }

  @Override
  public void delivered(
      String pubsub, String topic, CloudEvent event, DeliveryResult result, Throwable failure) {
    deliveries
        .computeIfAbsent(pubsub + "/" + topic, k -> new CopyOnWriteArrayList<>())
        .add(new Delivery(event, result, failure));
  }

  private String onlyPubSub() {
    List<String> all =
        plumb.getObject().components().stream()
            .filter(c -> c.api() == PubSub.class)
            .map(ComponentInfo::name)
            .toList();
    if (all.size() != 1) {
      throw new IllegalStateException(
          "name the pub/sub component: there are " + all.size() + " of them " + all);
    }
    return all.get(0);
  }

  /** Subscribes to the dead-letter topics before the runtime starts. */
  @Override
  public void start() {
    Plumb p = plumb.getObject();
    java.util.Set<String> subscribed = new java.util.HashSet<>();
    for (Map<String, Object> s : handlers.describe()) {
      if ("topic".equals(s.get("kind"))) {
        subscribed.add(s.get("topic").toString());
      }
    }
    for (Map<String, Object> s : handlers.describe()) {
      Object dlq = s.get("deadLetterTopic");
      if (dlq == null || dlq.toString().isEmpty() || subscribed.contains(dlq.toString())) {
        continue;
      }
      String pubsub = s.get("pubsub").toString();
      String name = pubsub.isEmpty() ? onlyPubSub() : pubsub;
      String key = name + "/" + dlq;
      if (deadLetters.putIfAbsent(key, new CopyOnWriteArrayList<>()) == null) {
        p.pubSub(name)
            .subscribe(
                dlq.toString(),
                CloudEvent.class,
                event -> {
                  deadLetters.get(key).add(event.cloudEvent());
                  return DeliveryResult.SUCCESS;
                });
      }
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // Before the runtime's lifecycle (the last phase), so that its subscriptions open with it.
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }
}
