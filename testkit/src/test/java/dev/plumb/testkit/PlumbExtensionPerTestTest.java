package dev.plumb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On an instance field, each test gets its own Plumb and clock, closed after it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlumbExtensionPerTestTest {
  private static final AtomicReference<Plumb> previous = new AtomicReference<>();

  @RegisterExtension
  PlumbExtension plumb =
      PlumbExtension.builder().component("locks", "lock.in-memory", Map.of()).build();

  @Test
  @Order(1)
  void firstTest() {
    previous.set(plumb.plumb());
    plumb.clock().advance(Duration.ofHours(1));
    assertThat(plumb.plumb().lockStore("locks").tryLock("r", "a", Duration.ofSeconds(1))).isTrue();
  }

  @Test
  @Order(2)
  void secondTestHasAFreshInstanceAndClock() {
    assertThat(plumb.plumb()).isNotSameAs(previous.get());
    assertThatThrownBy(() -> previous.get().lockStore("locks"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(plumb.clock().instant()).isEqualTo(TestClock.start().instant());
    assertThat(plumb.plumb().lockStore("locks").tryLock("r", "b", Duration.ofSeconds(1))).isTrue();
  }
}
