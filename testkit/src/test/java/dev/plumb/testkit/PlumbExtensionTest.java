package dev.plumb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.lock.LockStore;
import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlumbExtensionTest {
  @RegisterExtension
  static PlumbExtension plumb =
      PlumbExtension.builder().appId("test").component("locks", "lock.in-memory", Map.of()).build();

  private static final AtomicReference<Plumb> first = new AtomicReference<>();

  @Test
  @Order(1)
  void runsPlumbOnTheTestClock() {
    first.set(plumb.plumb());
    assertThat(plumb.plumb().appId()).isEqualTo("test");
    LockStore locks = plumb.plumb().lockStore("locks");
    assertThat(locks.tryLock("r", "me", Duration.ofSeconds(5))).isTrue();
    assertThat(locks.tryLock("r", "you", Duration.ofSeconds(5))).isFalse();
    plumb.clock().advance(Duration.ofSeconds(5));
    assertThat(locks.tryLock("r", "you", Duration.ofSeconds(5))).isTrue();
  }

  @Test
  @Order(2)
  void sharesOneInstanceAcrossTheClass() {
    assertThat(plumb.plumb()).isSameAs(first.get());
    assertThat(plumb.clock().instant()).isEqualTo(TestClock.start().instant().plusSeconds(5));
  }
}
