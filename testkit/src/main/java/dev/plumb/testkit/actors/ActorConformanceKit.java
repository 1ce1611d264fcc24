package dev.plumb.testkit.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorLifecycle;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorReentrancyException;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The actor conformance kit: what the actor runtime must do on a given actor state store. A store's
 * test extends this class and says how to add the store to a {@code Plumb} ({@link
 * #addActorStateStore}) and how to read its data raw ({@link #rawStore()}); the kit builds {@code
 * Plumb} instances on a {@link TestScheduler} and runs the scenarios: one turn at a time under
 * load, different actors in parallel, reentrancy, state atomicity, Dapr's key layout, TTL per key,
 * timers, reminders (a day ahead, periodic, across a restart), idle deactivation and restart.
 *
 * <p>Every scenario runs under an application id of its own, so scenarios never see each other's
 * keys and one table or database can serve them all. Time skips: a reminder due in a day fires in
 * milliseconds. The store's own expiry may follow real time, so the TTL scenario waits for it up to
 * {@link #storeExpiryTimeout()}.
 *
 * <p>Requires {@code plumb-actors} on the test class path.
 */
public abstract class ActorConformanceKit {
  /** The actor type whose calls may not re-enter. */
  public static final String PLAIN = "KitActor";

  /** The actor type whose calls may re-enter, at most {@value #MAX_DEPTH} deep. */
  public static final String REENTRANT = "KitReentrantActor";

  /** The reentrant type's {@code maxStackDepth}. */
  public static final int MAX_DEPTH = 8;

  private static final Duration IDLE = Duration.ofMinutes(1);

  /** The scenario's application id: {@code kit-<uuid>}. */
  protected String appId;

  private final List<Plumb> open = new ArrayList<>();
  private TestClock clock;
  private TestScheduler scheduler;
  private Probe probe;
  private Plumb plumb;

  /**
   * Adds the actor state store under test to a builder: one state component with the metadata
   * {@code actorStateStore: "true"}. The kit calls this for every {@code Plumb} it builds; within
   * one scenario they must all reach the same data, since the restart scenarios build a second
   * instance on what the first one stored.
   *
   * @param builder the builder
   */
  protected abstract void addActorStateStore(Plumb.Builder builder);

  /**
   * Returns a component on the same data as the actor state store, for reading and writing stored
   * keys as they are: Dapr's actor keys, no prefix.
   *
   * @return the component; the kit does not close it
   */
  protected abstract StateComponent rawStore();

  /**
   * How long the store may take, in real time, to expire a value whose TTL has passed.
   *
   * @return 10 seconds by default
   */
  protected Duration storeExpiryTimeout() {
    return Duration.ofSeconds(10);
  }

  @BeforeEach
  void startKit() {
    appId = "kit-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    clock = TestClock.start();
    probe = new Probe();
    plumb = start();
  }

  @AfterEach
  void stopKit() {
    open.forEach(Plumb::close);
    open.clear();
  }

  /** Builds and starts a {@code Plumb} on the store, with a scheduler of its own on the clock. */
  private Plumb start() {
    scheduler = new TestScheduler(clock);
    Plumb.Builder b =
        Plumb.builder()
            .appId(appId)
            .scheduler(scheduler)
            .shutdownGracePeriod(Duration.ofSeconds(10))
            .actorOptions(ActorOptions.builder().idleTimeout(IDLE).build())
            .actor(
                ActorType.builder(KitActor.class, ctx -> new KitActorImpl(ctx, probe, PLAIN))
                    .name(PLAIN)
                    .build())
            .actor(
                ActorType.builder(KitActor.class, ctx -> new KitActorImpl(ctx, probe, REENTRANT))
                    .name(REENTRANT)
                    .options(
                        ActorOptions.builder().reentrancy(true).maxStackDepth(MAX_DEPTH).build())
                    .build())
            .actor(KitPeer.class, ctx -> new KitPeerImpl(ctx));
    addActorStateStore(b);
    Plumb p = b.build();
    open.add(p);
    return p;
  }

  private Plumb restart() {
    plumb.close();
    open.remove(plumb);
    probe = new Probe();
    plumb = start();
    return plumb;
  }

  private KitActor actor(String id) {
    return plumb.actors().proxy(KitActor.class, PLAIN, id);
  }

  private KitActor reentrant(String id) {
    return plumb.actors().proxy(KitActor.class, REENTRANT, id);
  }

  /** Lets the actors of this scenario go idle: every one of them is deactivated. */
  private void idle() {
    scheduler.advance(IDLE.multipliedBy(2));
  }

  // ---- turns ----

  /**
   * 1,000 concurrent callers (blocking and asynchronous) on one actor, while its timer and a
   * reminder fire: no two turns overlap, and every call gets its own answer.
   */
  @Test
  public void oneTurnAtATimeUnderLoad() throws Exception {
    KitActor a = actor("busy");
    a.startTimer(new TimerSpec("tick", "1s", "1s", null));
    a.remind(new ReminderSpec("ring", "1s", "1s", null, "data"));
    int callers = 1_000;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      CompletableFuture<Integer> answer = new CompletableFuture<>();
      answers.add(answer);
      boolean async = i % 4 == 0;
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  if (async) {
                    a.incrementLater()
                        .whenComplete(
                            (v, e) -> {
                              if (e != null) {
                                answer.completeExceptionally(e);
                              } else {
                                answer.complete(v);
                              }
                            });
                  } else {
                    answer.complete(a.increment());
                  }
                } catch (Throwable e) {
                  answer.completeExceptionally(e);
                }
              },
              "kit-caller-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    go.countDown();
    Thread timeMover =
        new Thread(
            () -> {
              for (int i = 0; i < 20; i++) {
                scheduler.advance(Duration.ofSeconds(1));
              }
            },
            "kit-time");
    timeMover.start();
    timeMover.join(60_000);
    CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    Set<Integer> values = new HashSet<>();
    for (CompletableFuture<Integer> f : answers) {
      values.add(f.get());
    }
    assertThat(values).as("every call answered with its own count").hasSize(callers);
    assertThat(probe.maxInside.get()).as("turns inside the actor at once").isEqualTo(1);
    assertThat(probe.timerFires.get()).as("timer firings").isEqualTo(20);
    assertThat(probe.reminders).as("reminder firings").hasSize(20);
    assertThat(a.count()).isEqualTo(callers);
  }

  /** Turns of different actors run at the same time: one waits inside its turn for the other. */
  @Test
  public void differentActorsRunInParallel() throws Exception {
    KitActor first = actor("first");
    KitActor second = actor("second");
    CompletableFuture<Boolean> waited = new CompletableFuture<>();
    Thread waiter =
        new Thread(() -> waited.complete(first.awaitPeer("parallel")), "kit-first-caller");
    waiter.setDaemon(true);
    waiter.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.waiting.containsKey("parallel"));
    second.releasePeer("parallel");
    assertThat(waited.get(10, TimeUnit.SECONDS)).as("the first turn saw the second run").isTrue();
  }

  // ---- reentrancy ----

  /** A -> B -> A works where reentrancy is on; Dapr's stack depth error past maxStackDepth. */
  @Test
  public void reentrancyByCallChain() {
    KitActor a = reentrant("a");
    assertThat(a.callPeer("b")).isEqualTo("b saw a with 0");
    assertThat(a.recurse(MAX_DEPTH - 1)).isEqualTo(MAX_DEPTH - 1);
    assertThatThrownBy(() -> a.recurse(MAX_DEPTH))
        .isInstanceOf(ActorReentrancyException.class)
        .hasMessageContaining("maximum stack depth exceeded")
        .hasMessageContaining(REENTRANT + "/a");
    assertThat(a.increment()).as("usable after the error").isEqualTo(1);
  }

  /** Without reentrancy, A -> B -> A fails at once instead of waiting for itself. */
  @Test
  public void noReentrancyFailsFast() {
    KitActor a = actor("a");
    assertThatThrownBy(() -> a.callPeer("b"))
        .isInstanceOf(ActorReentrancyException.class)
        .hasMessageContaining(PLAIN + "/a");
    assertThat(a.increment()).as("usable after the error").isEqualTo(1);
  }

  // ---- state ----

  /** A turn that throws saves nothing, and the actor stays usable; one that returns saves all. */
  @Test
  public void stateIsSavedPerTurnOrNotAtAll() throws Exception {
    KitActor a = actor("atomic");
    a.putAll(Map.of("x", "1", "y", "1"));
    assertThatThrownBy(() -> a.putAllThenFail(Map.of("x", "2", "y", "2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("planned failure");
    assertThat(a.read(List.of("x", "y"))).containsExactly(Map.entry("x", "1"), Map.entry("y", "1"));
    assertThat(stored("atomic", "x")).isEqualTo("\"1\"");
    a.putAll(Map.of("x", "3", "y", "3"));
    idle();
    assertThat(probe.deactivations).contains(PLAIN + "/atomic");
    assertThat(actor("atomic").read(List.of("x", "y")))
        .containsExactly(Map.entry("x", "3"), Map.entry("y", "3"));
  }

  /** Keys are Dapr's {@code <appId>||<type>||<id>||<key>}, values JSON, both ways. */
  @Test
  public void daprKeyLayout() throws Exception {
    actor("layout").putAll(Map.of("item", "apple"));
    assertThat(stored("layout", "item")).isEqualTo("\"apple\"");
    rawStore()
        .set(
            SetRequest.of(
                appId + "||" + PLAIN + "||written-by-dapr||item",
                "\"pear\"".getBytes(StandardCharsets.UTF_8)));
    assertThat(actor("written-by-dapr").read(List.of("item"))).containsEntry("item", "pear");
  }

  /** A value with a TTL disappears once it passes, for the actor at once, in the store soon. */
  @Test
  public void ttlPerKey() throws Exception {
    KitActor a = actor("ttl");
    a.putWithTtl(new TtlValue("short", "v", 2));
    a.putAll(Map.of("long", "v"));
    assertThat(a.has("short")).isTrue();
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(a.has("short")).isFalse();
    assertThat(a.has("long")).isTrue();
    await()
        .atMost(storeExpiryTimeout())
        .pollInterval(Duration.ofMillis(200))
        .until(() -> stored("ttl", "short") == null);
    assertThat(stored("ttl", "long")).isEqualTo("\"v\"");
  }

  // ---- timers ----

  /** Timers follow dueTime, period with repetitions and ttl, and end with the activation. */
  @Test
  public void timers() {
    KitActor a = actor("timed");
    a.startTimer(new TimerSpec("three", "10s", "R3/PT10S", null));
    a.startTimer(new TimerSpec("ttl", "5s", "10s", "21s"));
    a.startTimer(new TimerSpec("stopped", "5s", "5s", null));
    a.stopTimer("stopped");
    scheduler.advance(Duration.ofSeconds(50));
    assertThat(probe.timers("three")).as("R3: three firings").isEqualTo(3);
    assertThat(probe.timers("ttl")).as("fired at 5, 15 and 25 s... until the ttl").isEqualTo(3);
    assertThat(probe.timers("stopped")).isZero();
    a.startTimer(new TimerSpec("forever", "1s", "30s", null));
    idle();
    assertThat(probe.timers("forever")).as("at 1, 31, 61 and 91 s").isEqualTo(4);
    assertThat(probe.deactivations).as("a timer keeps its actor active").isEmpty();
    a.stopTimer("forever");
    idle();
    int before = probe.timers("forever");
    assertThat(probe.deactivations).contains(PLAIN + "/timed");
    scheduler.advance(Duration.ofHours(1));
    assertThat(probe.timers("forever")).as("timers end with the activation").isEqualTo(before);
  }

  // ---- reminders ----

  /** A reminder due in a day activates its idle actor and carries its data. */
  @Test
  public void reminderDueInADay() {
    actor("sleepy").remind(new ReminderSpec("wake", "24h", null, null, "coffee"));
    idle();
    assertThat(probe.deactivations).contains(PLAIN + "/sleepy");
    scheduler.advance(Duration.ofHours(23));
    assertThat(probe.reminders).isEmpty();
    scheduler.advance(Duration.ofHours(1));
    assertThat(probe.reminders).containsExactly(PLAIN + "/sleepy/wake:coffee");
    assertThat(plumb.actors().reminder(PLAIN, "sleepy", "wake")).as("one-shot: gone").isEmpty();
  }

  /** {@code R5/PT1H} fires five times, an hour apart; ttl and unregistering stop reminders. */
  @Test
  public void periodicRemindersStop() {
    KitActor a = actor("periodic");
    a.remind(new ReminderSpec("five", "1h", "R5/PT1H", null, null));
    a.remind(new ReminderSpec("ttl", "1h", "1h", "90m", null));
    a.remind(new ReminderSpec("forgotten", "1h", "1h", null, null));
    scheduler.advance(Duration.ofMinutes(90));
    assertThat(probe.reminders("forgotten")).isEqualTo(1);
    a.forget("forgotten");
    scheduler.advance(Duration.ofHours(10));
    assertThat(probe.reminders("five")).isEqualTo(5);
    assertThat(probe.reminders("ttl")).as("at 1 h and 2 h; 3 h is past the ttl").isEqualTo(2);
    assertThat(probe.reminders("forgotten")).isEqualTo(1);
    assertThat(plumb.actors().reminder(PLAIN, "periodic", "five")).isEmpty();
  }

  /** Reminders are durable: registered by one instance, fired by the next. */
  @Test
  public void reminderSurvivesRestart() {
    actor("durable").remind(new ReminderSpec("later", "1h", null, null, "kept"));
    restart();
    assertThat(plumb.actors().reminder(PLAIN, "durable", "later"))
        .hasValueSatisfying(r -> assertThat(r.data(String.class)).isEqualTo("kept"));
    scheduler.advance(Duration.ofHours(1));
    assertThat(probe.reminders).containsExactly(PLAIN + "/durable/later:kept");
  }

  // ---- lifecycle ----

  /** Idle actors are deactivated; calls and reminder firings count as use. */
  @Test
  public void idleDeactivation() {
    KitActor a = actor("idle");
    a.increment();
    assertThat(probe.activations).containsExactly(PLAIN + "/idle");
    scheduler.advance(Duration.ofSeconds(50));
    a.increment();
    scheduler.advance(Duration.ofSeconds(50));
    assertThat(probe.deactivations).as("a call resets idleness").isEmpty();
    a.remind(new ReminderSpec("keep", "50s", "50s", null, null));
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(probe.deactivations).as("reminder firings reset idleness").isEmpty();
    a.forget("keep");
    idle();
    assertThat(probe.deactivations).containsExactly(PLAIN + "/idle");
    assertThat(a.count()).as("state outlives the activation").isEqualTo(2);
    assertThat(probe.activations).hasSize(2);
  }

  /** State written before a restart is read after it; close deactivates active actors. */
  @Test
  public void stateSurvivesRestart() {
    actor("kept").putAll(Map.of("k", "v"));
    actor("kept").increment();
    Probe before = probe;
    restart();
    assertThat(before.deactivations).as("close deactivates").contains(PLAIN + "/kept");
    assertThat(actor("kept").read(List.of("k"))).containsEntry("k", "v");
    assertThat(actor("kept").count()).isEqualTo(1);
  }

  private String stored(String actorId, String key) throws Exception {
    var item = rawStore().get(GetRequest.of(appId + "||" + PLAIN + "||" + actorId + "||" + key));
    return item == null || item.value() == null
        ? null
        : new String(item.value(), StandardCharsets.UTF_8);
  }

  // ---- the kit's actors ----

  /**
   * A timer to register.
   *
   * @param name the timer's name
   * @param dueTime Dapr's dueTime
   * @param period Dapr's period, or {@code null}
   * @param ttl Dapr's ttl, or {@code null}
   */
  public record TimerSpec(String name, String dueTime, String period, String ttl) {}

  /**
   * A reminder to register.
   *
   * @param name the reminder's name
   * @param dueTime Dapr's dueTime
   * @param period Dapr's period, or {@code null}
   * @param ttl Dapr's ttl, or {@code null}
   * @param data the payload, or {@code null}
   */
  public record ReminderSpec(String name, String dueTime, String period, String ttl, String data) {
    Schedule schedule() {
      return Schedule.builder().dueTime(dueTime).period(period).ttl(ttl).build();
    }
  }

  /**
   * A value to store with a TTL.
   *
   * @param key the key
   * @param value the value
   * @param seconds the TTL
   */
  public record TtlValue(String key, String value, int seconds) {}

  /**
   * The kit's actor interface, registered as {@value ActorConformanceKit#PLAIN} and {@value
   * ActorConformanceKit#REENTRANT}.
   */
  public interface KitActor {
    /**
     * Adds one to the state {@code count}, checking that no other turn runs meanwhile.
     *
     * @return the new count
     */
    int increment();

    /**
     * {@link #increment()} as an asynchronous method.
     *
     * @return completes with the new count
     */
    CompletionStage<Integer> incrementLater();

    /**
     * Reads the state {@code count}.
     *
     * @return the count
     */
    int count();

    /**
     * Sets state values.
     *
     * @param values keys and values
     */
    void putAll(Map<String, String> values);

    /**
     * Sets state values, then throws.
     *
     * @param values keys and values
     */
    void putAllThenFail(Map<String, String> values);

    /**
     * Reads state values.
     *
     * @param keys the keys
     * @return the values present
     */
    Map<String, String> read(List<String> keys);

    /**
     * Sets a value with a TTL.
     *
     * @param value the value
     */
    void putWithTtl(TtlValue value);

    /**
     * Tells whether a key has a value.
     *
     * @param key the key
     * @return whether it has
     */
    boolean has(String key);

    /**
     * Registers a timer.
     *
     * @param spec the timer
     */
    void startTimer(TimerSpec spec);

    /**
     * Unregisters a timer.
     *
     * @param name its name
     */
    void stopTimer(String name);

    /**
     * Registers a reminder.
     *
     * @param spec the reminder
     */
    void remind(ReminderSpec spec);

    /**
     * Unregisters a reminder.
     *
     * @param name its name
     */
    void forget(String name);

    /**
     * Calls the peer {@code peerId}, which calls this actor back.
     *
     * @param peerId the peer's id
     * @return what the peer answered
     */
    String callPeer(String peerId);

    /**
     * Calls itself {@code depth} more times.
     *
     * @param depth how many nested calls
     * @return the depth reached
     */
    int recurse(int depth);

    /**
     * Waits inside the turn until {@link #releasePeer} is called on another actor.
     *
     * @param name the rendezvous
     * @return whether the other call came
     */
    boolean awaitPeer(String name);

    /**
     * Releases a waiting {@link #awaitPeer}.
     *
     * @param name the rendezvous
     */
    void releasePeer(String name);
  }

  /** The peer that calls a {@link KitActor} back, in the same call chain. */
  public interface KitPeer {
    /**
     * Calls {@code actorType}/{@code actorId}'s {@code count()} and reports it.
     *
     * @param caller {@code <type>/<id>} of the caller
     * @return {@code "<peer> saw <id> with <count>"}
     */
    String back(String caller);
  }

  /** What the kit's actors did, per {@code Plumb} instance. */
  private static final class Probe {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    final AtomicInteger timerFires = new AtomicInteger();
    final Map<String, AtomicInteger> timerCounts = new ConcurrentHashMap<>();
    final List<String> reminders = new CopyOnWriteArrayList<>();
    final List<String> activations = new CopyOnWriteArrayList<>();
    final List<String> deactivations = new CopyOnWriteArrayList<>();
    final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

    void enter() {
      int n = inside.incrementAndGet();
      maxInside.accumulateAndGet(n, Math::max);
    }

    void leave() {
      inside.decrementAndGet();
    }

    int timers(String name) {
      AtomicInteger n = timerCounts.get(name);
      return n == null ? 0 : n.get();
    }

    long reminders(String name) {
      return reminders.stream().filter(r -> r.contains("/" + name + ":")).count();
    }

    CountDownLatch latch(String name) {
      return waiting.computeIfAbsent(name, k -> new CountDownLatch(1));
    }
  }

  private static final class KitActorImpl implements KitActor, Remindable, ActorLifecycle {
    private final ActorContext ctx;
    private final Probe probe;
    private final String type;

    KitActorImpl(ActorContext ctx, Probe probe, String type) {
      this.ctx = ctx;
      this.probe = probe;
      this.type = type;
    }

    @Override
    public void onActivate() {
      probe.activations.add(ctx.type() + "/" + ctx.id());
    }

    @Override
    public void onDeactivate() {
      probe.deactivations.add(ctx.type() + "/" + ctx.id());
    }

    @Override
    public int increment() {
      probe.enter();
      try {
        int n = ctx.state().get("count", Integer.class).orElse(0) + 1;
        Thread.yield();
        ctx.state().set("count", n);
        return n;
      } finally {
        probe.leave();
      }
    }

    @Override
    public CompletionStage<Integer> incrementLater() {
      return CompletableFuture.completedFuture(increment());
    }

    @Override
    public int count() {
      return ctx.state().get("count", Integer.class).orElse(0);
    }

    @Override
    public void putAll(Map<String, String> values) {
      values.forEach((k, v) -> ctx.state().set(k, v));
    }

    @Override
    public void putAllThenFail(Map<String, String> values) {
      putAll(values);
      throw new IllegalStateException("planned failure");
    }

    @Override
    public Map<String, String> read(List<String> keys) {
      Map<String, String> out = new LinkedHashMap<>();
      for (String k : keys) {
        ctx.state().get(k, String.class).ifPresent(v -> out.put(k, v));
      }
      return out;
    }

    @Override
    public void putWithTtl(TtlValue value) {
      ctx.state().set(value.key(), value.value(), Duration.ofSeconds(value.seconds()));
    }

    @Override
    public boolean has(String key) {
      return ctx.state().contains(key);
    }

    @Override
    public void startTimer(TimerSpec spec) {
      ctx.registerTimer(
          spec.name(),
          Schedule.builder().dueTime(spec.dueTime()).period(spec.period()).ttl(spec.ttl()).build(),
          () -> {
            probe.enter();
            try {
              probe.timerFires.incrementAndGet();
              probe
                  .timerCounts
                  .computeIfAbsent(spec.name(), k -> new AtomicInteger())
                  .incrementAndGet();
            } finally {
              probe.leave();
            }
          });
    }

    @Override
    public void stopTimer(String name) {
      ctx.unregisterTimer(name);
    }

    @Override
    public void remind(ReminderSpec spec) {
      ctx.registerReminder(spec.name(), spec.schedule(), spec.data());
    }

    @Override
    public void forget(String name) {
      ctx.unregisterReminder(name);
    }

    @Override
    public void receiveReminder(ActorReminder reminder) {
      probe.enter();
      try {
        probe.reminders.add(
            ctx.type()
                + "/"
                + ctx.id()
                + "/"
                + reminder.name()
                + ":"
                + reminder.data(String.class));
      } finally {
        probe.leave();
      }
    }

    @Override
    public String callPeer(String peerId) {
      return ctx.actors().proxy(KitPeer.class, peerId).back(type + "/" + ctx.id());
    }

    @Override
    public int recurse(int depth) {
      if (depth == 0) {
        return 0;
      }
      return ctx.actors().proxy(KitActor.class, type, ctx.id()).recurse(depth - 1) + 1;
    }

    @Override
    public boolean awaitPeer(String name) {
      try {
        return probe.latch(name).await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    @Override
    public void releasePeer(String name) {
      probe.latch(name).countDown();
    }
  }

  private static final class KitPeerImpl implements KitPeer {
    private final ActorContext ctx;

    KitPeerImpl(ActorContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String back(String caller) {
      int slash = caller.indexOf('/');
      String type = caller.substring(0, slash);
      String id = caller.substring(slash + 1);
      int count = ctx.actors().proxy(KitActor.class, type, id).count();
      return ctx.id() + " saw " + id + " with " + count;
    }
  }
}
