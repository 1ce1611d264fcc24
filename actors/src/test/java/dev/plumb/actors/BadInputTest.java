package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.actors.ActorConfigurationException;
import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorMethodNotFoundException;
import dev.plumb.api.actors.ActorScheduleException;
import dev.plumb.api.actors.ActorSerializationException;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.ActorTypeNotFoundException;
import dev.plumb.api.actors.Schedule;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets an {@code ActorException} subtype naming what is wrong. */
class BadInputTest {
  public interface Greeter {
    String greet(Object anything);

    void remind(String period);
  }

  static final class GreeterActor implements Greeter {
    private final ActorContext ctx;

    GreeterActor(ActorContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String greet(Object anything) {
      return "hello";
    }

    @Override
    public void remind(String period) {
      ctx.registerReminder("r", Schedule.builder().period(period).build(), null);
    }
  }

  /** A value JSON cannot write: it refers to itself. */
  public static final class Cycle {
    public Cycle getSelf() {
      return this;
    }
  }

  public interface Unregistered {
    void nothing();
  }

  public interface TwoParameters {
    void add(String sku, int quantity);
  }

  public interface Overloaded {
    void add(String sku);

    void add(int quantity);
  }

  public interface GenericMethod {
    <T> T read(Class<T> type);
  }

  private static Plumb.Builder withGreeter() {
    return Fixture.builder(new TestScheduler(TestClock.start()))
        .actor(Greeter.class, GreeterActor::new);
  }

  @Test
  void anUnknownActorTypeOrInterface() {
    try (Plumb p = withGreeter().build()) {
      assertThatThrownBy(() -> p.actors().invoke("Cart", "1", "add", null, Void.class))
          .isInstanceOf(ActorTypeNotFoundException.class)
          .hasMessage("actor type 'Cart' is not hosted here; hosted types: Greeter");
      assertThatThrownBy(() -> p.actors().proxy(Unregistered.class, "1"))
          .isInstanceOf(ActorTypeNotFoundException.class)
          .hasMessageContaining("no actor type is registered for " + Unregistered.class.getName());
      assertThatThrownBy(
              () ->
                  p.actors()
                      .registerReminder("Cart", "1", "r", Schedule.after(Duration.ZERO), null))
          .isInstanceOf(ActorTypeNotFoundException.class)
          .hasMessageContaining("'Cart'");
    }
  }

  @Test
  void aMethodNotOnTheInterface() {
    try (Plumb p = withGreeter().build()) {
      assertThatThrownBy(() -> p.actors().invoke("Greeter", "1", "wave", null, Void.class))
          .isInstanceOf(ActorMethodNotFoundException.class)
          .hasMessage(
              "actor type 'Greeter' ("
                  + Greeter.class.getName()
                  + ") has no method 'wave'; its methods: greet, remind");
    }
  }

  @Test
  void anInvalidPeriodOrDueTime() {
    try (Plumb p = withGreeter().build()) {
      Greeter g = p.actors().proxy(Greeter.class, "1");
      assertThatThrownBy(() -> g.remind("every minute"))
          .isInstanceOf(ActorScheduleException.class)
          .hasMessageStartingWith("invalid period 'every minute': ");
      assertThatThrownBy(() -> Schedule.builder().dueTime("tomorrow").build())
          .isInstanceOf(ActorScheduleException.class)
          .hasMessageStartingWith("invalid dueTime 'tomorrow': ");
      assertThatThrownBy(
              () ->
                  p.actors()
                      .registerReminder(
                          "Greeter",
                          "1",
                          "late",
                          Schedule.builder().dueTime("1h").ttl("2020-01-01T00:00:00Z").build(),
                          null))
          .isInstanceOf(ActorScheduleException.class)
          .hasMessageStartingWith("reminder 'late' of actor Greeter/1 has already expired");
    }
  }

  @Test
  void aSecondActorStateStore() {
    assertThatThrownBy(
            () ->
                withGreeter()
                    .component("second", "state.in-memory", Map.of("actorStateStore", "true"))
                    .build())
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageStartingWith(
            "state stores 'actorstore', 'second' are all marked actorStateStore");
  }

  @Test
  void noActorStateStore() {
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component("plain", "state.in-memory", Map.of())
                    .actor(Greeter.class, GreeterActor::new)
                    .build())
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageContaining("actorStateStore: \"true\"");
  }

  @Test
  void aNonSerializableArgument() {
    try (Plumb p = withGreeter().build()) {
      Greeter g = p.actors().proxy(Greeter.class, "1");
      assertThatThrownBy(() -> g.greet(new Cycle()))
          .isInstanceOf(ActorSerializationException.class)
          .hasMessageStartingWith(
              "actor type 'Greeter', method 'greet': argument: a "
                  + Cycle.class.getName()
                  + " cannot be serialized");
      assertThat(g.greet(List.of("fine"))).isEqualTo("hello");
    }
  }

  @Test
  void anInvalidActorId() {
    try (Plumb p = withGreeter().build()) {
      assertThatThrownBy(() -> p.actors().proxy(Greeter.class, "a||b"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("actor id 'a||b' must not be empty or contain '||'");
      assertThatThrownBy(() -> p.actors().proxy(Greeter.class, ""))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void registrationsThatCannotWork() {
    assertThatThrownBy(() -> withGreeter().actor(TwoParameters.class, ctx -> null).build())
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessage(
            "actor type 'TwoParameters' ("
                + TwoParameters.class.getName()
                + "), method 'add': takes 2 parameters; an actor method takes at most one (Dapr's"
                + " call carries one payload): put them in a record");
    assertThatThrownBy(() -> withGreeter().actor(Overloaded.class, ctx -> null).build())
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageContaining("method 'add' is overloaded");
    assertThatThrownBy(() -> withGreeter().actor(GenericMethod.class, ctx -> null).build())
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageContaining("method 'read': a generic method cannot be an actor method");
    assertThatThrownBy(() -> ActorType.of(String.class, ctx -> ""))
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageContaining("actors are called through an interface");
    assertThatThrownBy(
            () ->
                withGreeter()
                    .actor(
                        ActorType.builder(Unregistered.class, ctx -> null).name("Greeter").build())
                    .build())
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageStartingWith("actor type 'Greeter' is registered twice");
    assertThatThrownBy(() -> ActorType.builder(Greeter.class, GreeterActor::new).name("a||b"))
        .isInstanceOf(ActorConfigurationException.class)
        .hasMessageContaining("must not be empty or contain '||'");
  }

  @Test
  void callsBeforeStartAndAfterClose() {
    Plumb p = withGreeter().deferStart().build();
    Greeter g = p.actors().proxy(Greeter.class, "1");
    assertThatThrownBy(() -> g.greet("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("actors are not started yet: Plumb#start() opens them");
    p.start();
    assertThat(g.greet("x")).isEqualTo("hello");
    p.close();
    assertThatThrownBy(() -> g.greet("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the actor runtime is closed");
  }
}
