package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorStateManager;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StateTest {
  public interface Account {
    void deposit(int amount);

    void depositThenFail(int amount);

    int balance();

    void put(Map<String, String> values);

    void remember(String note);

    void addTwice(String key);

    void removeAndCheck(String key);

    boolean has(String key);
  }

  static final class AccountActor implements Account {
    private final ActorContext ctx;
    private final AtomicReference<ActorStateManager> leaked;

    AccountActor(ActorContext ctx, AtomicReference<ActorStateManager> leaked) {
      this.ctx = ctx;
      this.leaked = leaked;
    }

    @Override
    public void deposit(int amount) {
      ctx.state().set("balance", balance() + amount);
      ctx.state().set("last", amount);
      leaked.set(ctx.state());
    }

    @Override
    public void depositThenFail(int amount) {
      deposit(amount);
      throw new IllegalStateException("declined");
    }

    @Override
    public int balance() {
      return ctx.state().get("balance", Integer.class).orElse(0);
    }

    @Override
    public void put(Map<String, String> values) {
      values.forEach((k, v) -> ctx.state().set(k, v));
    }

    @Override
    public void remember(String note) {
      ctx.state().set("note", note, Duration.ofMillis(1500));
    }

    @Override
    public void addTwice(String key) {
      ctx.state().add(key, "first");
      ctx.state().add(key, "second");
    }

    @Override
    public void removeAndCheck(String key) {
      ctx.state().remove(key);
    }

    @Override
    public boolean has(String key) {
      return ctx.state().contains(key);
    }
  }

  private final RecordingStore store = new RecordingStore();
  private final AtomicReference<ActorStateManager> leaked = new AtomicReference<>();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final Plumb plumb =
      Plumb.builder()
          .appId("bank")
          .scheduler(scheduler)
          .provider(store)
          .component("actorstore", RecordingStore.TYPE, Map.of("actorStateStore", "true"))
          .actor(Account.class, ctx -> new AccountActor(ctx, leaked))
          .build();

  @AfterEach
  void close() {
    plumb.close();
  }

  private Account account(String id) {
    return plumb.actors().proxy(Account.class, id);
  }

  private String stored(String key) throws Exception {
    var item = store.inner.get(GetRequest.of(key));
    return item == null ? null : new String(item.value(), StandardCharsets.UTF_8);
  }

  @Test
  void aTurnWritesOneTransactionWithDaprKeysAndPartitionKey() throws Exception {
    account("7").deposit(10);
    assertThat(store.transactions).hasSize(1);
    RecordingStore.Transaction tx = store.transactions.get(0);
    assertThat(tx.operations())
        .extracting(StateMutation::key)
        .containsExactlyInAnyOrder("bank||Account||7||balance", "bank||Account||7||last");
    assertThat(tx.operations())
        .allSatisfy(
            op -> assertThat(op.metadata()).containsEntry("partitionKey", "bank||Account||7"));
    assertThat(stored("bank||Account||7||balance")).isEqualTo("10");
    account("7").balance();
    assertThat(store.transactions).as("a turn that changes nothing writes nothing").hasSize(1);
  }

  @Test
  void aTurnThatThrowsWritesNothingAndTheActorStaysUsable() throws Exception {
    Account a = account("7");
    a.deposit(10);
    assertThatThrownBy(() -> a.depositThenFail(5)).hasMessage("declined");
    assertThat(store.transactions).hasSize(1);
    assertThat(a.balance()).isEqualTo(10);
    a.deposit(1);
    assertThat(a.balance()).isEqualTo(11);
  }

  @Test
  void aFailedSaveFailsTheCallAndDropsTheTurnsChanges() throws Exception {
    Account a = account("7");
    a.deposit(10);
    store.failNext.set(1);
    assertThatThrownBy(() -> a.deposit(5))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("'actorstore'")
        .hasMessageContaining("transaction");
    assertThat(a.balance()).isEqualTo(10);
    assertThat(stored("bank||Account||7||balance")).isEqualTo("10");
  }

  @Test
  void theStoresTransactionLimitIsCheckedBeforeWriting() {
    store.maxOperations = 2;
    assertThatThrownBy(() -> account("7").put(Map.of("a", "1", "b", "2", "c", "3")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "actor Account/7 changed 3 state keys in one turn; state store 'actorstore'"
                + " takes at most 2 operations per transaction");
    assertThat(store.transactions).isEmpty();
  }

  @Test
  void ttlIsWholeSecondsRoundedUpAndExpiresOnTheClock() throws Exception {
    Account a = account("7");
    a.remember("milk");
    SetRequest set = (SetRequest) store.transactions.get(0).operations().get(0);
    assertThat(set.metadata()).containsEntry("ttlInSeconds", "2");
    assertThat(a.has("note")).isTrue();
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(a.has("note")).isFalse();
    assertThat(stored("bank||Account||7||note")).isNull();
  }

  @Test
  void addRefusesAnExistingKeyAndRemoveDeletes() throws Exception {
    Account a = account("7");
    assertThatThrownBy(() -> a.addTwice("k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("actor Account/7: state key 'k' already has a value");
    assertThat(a.has("k")).as("the failed turn saved nothing").isFalse();
    a.put(Map.of("k", "v"));
    a.removeAndCheck("k");
    assertThat(a.has("k")).isFalse();
    assertThat(store.transactions.get(1).operations())
        .singleElement()
        .isInstanceOf(DeleteRequest.class);
    assertThat(stored("bank||Account||7||k")).isNull();
  }

  @Test
  void stateIsReachableOnlyDuringATurn() {
    account("7").deposit(1);
    ActorStateManager outside = leaked.get();
    assertThatThrownBy(() -> outside.get("balance", Integer.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "state of actor Account/7 is reachable only during one of its turns (a method call, a"
                + " timer or a reminder)");
  }

  @Test
  void invalidKeysAreRejected() {
    assertThatThrownBy(() -> account("7").put(Map.of("a||b", "v")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("actor Account/7: state key 'a||b' must not be empty or contain '||'");
  }

  @Test
  void valuesWrittenByDaprAreRead() throws Exception {
    store.inner.set(
        SetRequest.of("bank||Account||dapr||balance", "42".getBytes(StandardCharsets.UTF_8)));
    assertThat(account("dapr").balance()).isEqualTo(42);
    assertThat(
            store.transactions.stream()
                .flatMap(t -> t.operations().stream())
                .map(StateMutation::key)
                .collect(Collectors.toList()))
        .isEmpty();
  }
}
