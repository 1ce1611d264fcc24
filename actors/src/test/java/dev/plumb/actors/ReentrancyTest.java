package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorReentrancyException;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.Actors;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReentrancyTest {
  public interface Node {
    CompletionStage<Integer> countLater(int n);

    int count(int n);

    int viaPlainProxy();

    int add(int n);

    int total();
  }

  static final class NodeActor implements Node {
    private final ActorContext ctx;
    private final AtomicReference<Actors> app;

    NodeActor(ActorContext ctx, AtomicReference<Actors> app) {
      this.ctx = ctx;
      this.app = app;
    }

    private Node self() {
      return ctx.actors().proxy(Node.class, ctx.type(), ctx.id());
    }

    @Override
    public CompletionStage<Integer> countLater(int n) {
      if (n == 0) {
        return CompletableFuture.completedFuture(0);
      }
      // The nested call runs on another thread, after this method returned: only the context's
      // actors know it belongs to this turn's chain.
      return CompletableFuture.supplyAsync(() -> n)
          .thenComposeAsync(k -> self().countLater(k - 1))
          .thenApply(r -> r + 1);
    }

    @Override
    public int count(int n) {
      return n == 0 ? 0 : self().count(n - 1) + 1;
    }

    @Override
    public int viaPlainProxy() {
      return app.get().proxy(Node.class, ctx.type(), ctx.id()).total();
    }

    @Override
    public int add(int n) {
      int t = total() + n;
      ctx.state().set("total", t);
      if (n > 1) {
        return self().add(n - 1);
      }
      return t;
    }

    @Override
    public int total() {
      return ctx.state().get("total", Integer.class).orElse(0);
    }
  }

  private final AtomicReference<Actors> app = new AtomicReference<>();
  private final Plumb plumb =
      Fixture.builder(new TestScheduler(TestClock.start()))
          .actor(
              ActorType.builder(Node.class, ctx -> new NodeActor(ctx, app))
                  .options(ActorOptions.builder().reentrancy(true).build())
                  .build())
          .actor(
              ActorType.builder(Node.class, ctx -> new NodeActor(ctx, app)).name("Strict").build())
          .build();

  {
    app.set(plumb.actors());
  }

  @AfterEach
  void close() {
    plumb.close();
  }

  @Test
  void asynchronousStagesReenterThroughTheContextsActors() throws Exception {
    Node n = plumb.actors().proxy(Node.class, "Node", "1");
    assertThat(n.countLater(5).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(5);
  }

  @Test
  void theDefaultDepthIsDaprs32() {
    Node n = plumb.actors().proxy(Node.class, "Node", "1");
    assertThat(n.count(31)).isEqualTo(31);
    assertThatThrownBy(() -> n.count(32))
        .isInstanceOf(ActorReentrancyException.class)
        .hasMessage(
            "maximum stack depth exceeded: actor Node/1 entered 32 times by one call chain"
                + " (maxStackDepth 32)");
  }

  @Test
  void aPlainProxyOnTheTurnsThreadBelongsToTheChainToo() {
    assertThat(plumb.actors().proxy(Node.class, "Node", "1").viaPlainProxy()).isZero();
    assertThatThrownBy(() -> plumb.actors().proxy(Node.class, "Strict", "1").viaPlainProxy())
        .isInstanceOf(ActorReentrancyException.class)
        .hasMessageStartingWith(
            "actor Strict/1 is already in this call chain and reentrancy is off for type"
                + " 'Strict'");
  }

  @Test
  void reenteringCallsArePartOfTheTurnAndSaveWithIt() {
    Node n = plumb.actors().proxy(Node.class, "Node", "1");
    assertThat(n.add(3)).isEqualTo(6);
    assertThat(n.total()).isEqualTo(6);
  }
}
