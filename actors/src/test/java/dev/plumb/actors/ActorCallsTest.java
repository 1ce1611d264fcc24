package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorSerializationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActorCallsTest {
  /** An item of a cart; a mutable class on purpose. */
  public static final class Item {
    public String sku;
    public int quantity;

    public Item() {}

    Item(String sku, int quantity) {
      this.sku = sku;
      this.quantity = quantity;
    }
  }

  public interface Cart {
    void add(Item item);

    void addAll(List<Item> items);

    List<Item> items();

    Map<String, List<Item>> bySku();

    CompletionStage<Integer> sizeLater();

    CompletableFuture<String> failLater(String why);

    String threadName();

    void reject(String why) throws IOException;

    String hold(String rendezvous);
  }

  static final class CartActor implements Cart {
    private final ActorContext ctx;
    private final Map<String, CountDownLatch[]> rendezvous;
    private final List<Item> held = new ArrayList<>();

    CartActor(ActorContext ctx, Map<String, CountDownLatch[]> rendezvous) {
      this.ctx = ctx;
      this.rendezvous = rendezvous;
    }

    private List<Item> stored() {
      return ctx.state().<List<Item>>get("items", Items.TYPE).orElseGet(ArrayList::new);
    }

    @Override
    public void add(Item item) {
      held.add(item);
      List<Item> items = stored();
      items.add(item);
      ctx.state().set("items", items);
    }

    @Override
    public void addAll(List<Item> items) {
      items.forEach(this::add);
    }

    @Override
    public List<Item> items() {
      return held;
    }

    @Override
    public Map<String, List<Item>> bySku() {
      Map<String, List<Item>> m = new LinkedHashMap<>();
      for (Item i : stored()) {
        m.computeIfAbsent(i.sku, k -> new ArrayList<>()).add(i);
      }
      return m;
    }

    @Override
    public CompletionStage<Integer> sizeLater() {
      int n = stored().size();
      return CompletableFuture.supplyAsync(() -> n);
    }

    @Override
    public CompletableFuture<String> failLater(String why) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(why));
    }

    @Override
    public String threadName() {
      return Thread.currentThread().getName();
    }

    @Override
    public void reject(String why) throws IOException {
      throw new IOException(why);
    }

    @Override
    public String hold(String name) {
      CountDownLatch[] latches = rendezvous.get(name);
      latches[0].countDown();
      try {
        return latches[1].await(10, TimeUnit.SECONDS) ? "released" : "timed out";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
  }

  /** The type of the stored list, for the generic get. */
  static final class Items {
    static final java.lang.reflect.Type TYPE =
        new java.lang.reflect.ParameterizedType() {
          @Override
          public java.lang.reflect.Type[] getActualTypeArguments() {
            return new java.lang.reflect.Type[] {Item.class};
          }

          @Override
          public java.lang.reflect.Type getRawType() {
            return List.class;
          }

          @Override
          public java.lang.reflect.Type getOwnerType() {
            return null;
          }
        };
  }

  private final Map<String, CountDownLatch[]> rendezvous =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Fixture f =
      new Fixture(b -> b.actor(Cart.class, ctx -> new CartActor(ctx, rendezvous)));
  // Callers that block get threads of their own: the common pool may have a single one.
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    f.close();
    callers.shutdownNow();
  }

  @Test
  void aCallRunsOnTheCallersThread() {
    Cart cart = f.actors().proxy(Cart.class, "1");
    assertThat(cart.threadName()).isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void genericParametersAndResultsSurviveTheCopy() {
    Cart cart = f.actors().proxy(Cart.class, "1");
    cart.addAll(List.of(new Item("apple", 1), new Item("pear", 2), new Item("apple", 3)));
    Map<String, List<Item>> bySku = cart.bySku();
    assertThat(bySku).containsOnlyKeys("apple", "pear");
    assertThat(bySku.get("apple")).allSatisfy(i -> assertThat(i).isInstanceOf(Item.class));
    assertThat(bySku.get("apple")).extracting(i -> i.quantity).containsExactly(1, 3);
  }

  @Test
  void callerAndActorNeverShareAMutableValue() {
    Cart cart = f.actors().proxy(Cart.class, "1");
    Item item = new Item("apple", 1);
    cart.add(item);
    item.quantity = 99;
    List<Item> seen = cart.items();
    assertThat(seen).extracting(i -> i.quantity).containsExactly(1);
    seen.get(0).quantity = 42;
    seen.clear();
    assertThat(cart.items()).extracting(i -> i.quantity).containsExactly(1);
  }

  @Test
  void asynchronousMethodsReturnStagesAndExceptionsPassAsTheyAre() throws Exception {
    Cart cart = f.actors().proxy(Cart.class, "1");
    cart.add(new Item("apple", 1));
    assertThat(cart.sizeLater().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThatThrownBy(() -> cart.failLater("no").join())
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("no");
    assertThatThrownBy(() -> cart.reject("checked"))
        .isInstanceOf(IOException.class)
        .hasMessage("checked");
    assertThat(cart.sizeLater().toCompletableFuture().get(5, TimeUnit.SECONDS))
        .as("usable after failures")
        .isEqualTo(1);
  }

  @Test
  void untypedCallsConvertPayloadAndResult() throws Exception {
    var actors = f.actors();
    actors.invoke("Cart", "1", "add", Map.of("sku", "apple", "quantity", 2), Void.class);
    actors.invoke(
        "Cart",
        "1",
        "addAll",
        "[{\"sku\":\"pear\",\"quantity\":1}]".getBytes(StandardCharsets.UTF_8),
        Void.class);
    byte[] json = actors.invoke("Cart", "1", "bySku", null, byte[].class);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"apple\":[{\"sku\":\"apple\",\"quantity\":2}],\"pear\":[{\"sku\":\"pear\",\"quantity\":1}]}");
    Integer size =
        actors
            .<Integer>async()
            .invoke("Cart", "1", "sizeLater", null, Integer.class)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertThat(size).isEqualTo(2);
    Map<?, ?> asMap = actors.invoke("Cart", "1", "bySku", null, Map.class);
    assertThat(new ArrayList<Object>(asMap.keySet())).containsExactly("apple", "pear");
  }

  @Test
  void anArgumentTheSerializerCannotWriteFailsNamingTheMethod() {
    assertThatThrownBy(() -> f.actors().invoke("Cart", "1", "add", new Object(), Void.class))
        .isInstanceOf(ActorSerializationException.class)
        .hasMessageStartingWith(
            "actor type 'Cart', method 'add': argument: a java.lang.Object cannot be serialized");
  }

  @Test
  void asynchronousCallersDoNotWaitForABusyActor() throws Exception {
    Cart cart = f.actors().proxy(Cart.class, "busy");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    rendezvous.put("r", new CountDownLatch[] {inside, release});
    CompletableFuture<String> blocking =
        CompletableFuture.supplyAsync(() -> cart.hold("r"), callers);
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    CompletionStage<Integer> later = cart.sizeLater();
    assertThat(System.nanoTime() - start).as("returned without waiting").isLessThan(2_000_000_000L);
    assertThat(later.toCompletableFuture().isDone()).isFalse();
    release.countDown();
    assertThat(blocking.get(5, TimeUnit.SECONDS)).isEqualTo("released");
    assertThat(later.toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void proxiesAreEqualWhenTheyReachTheSameActor() {
    Cart a = f.actors().proxy(Cart.class, "1");
    Cart b = f.actors().proxy(Cart.class, "1");
    Cart c = f.actors().proxy(Cart.class, "2");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.toString()).isEqualTo("ActorProxy[Cart/1]");
  }
}
