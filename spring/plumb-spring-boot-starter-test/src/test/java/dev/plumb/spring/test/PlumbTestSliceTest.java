package dev.plumb.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.actors.Actors;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.StateStore;
import dev.plumb.spring.test.TestApp.Order;
import dev.plumb.spring.test.TestApp.Timer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** The application's Redis and Kafka components run as in-memory twins; time is the test's. */
@PlumbTest
class PlumbTestSliceTest {
  @Autowired PlumbTestHelper plumb;
  @Autowired StateStore orderstore;
  @Autowired PubSub orderpubsub;
  @Autowired Actors actors;
  @Autowired TestApp.Ticks ticks;
  @Autowired TestApp.Settings settings;
  @Autowired ConfigurationStore appconfig;
  @Autowired Environment environment;

  @BeforeEach
  void reset() {
    plumb.reset();
  }

  @Test
  void backendsAreReplacedByInMemoryTwins() {
    assertThat(orderstore.name()).isEqualTo("orderstore");
    assertThat(orderpubsub.name()).isEqualTo("orderpubsub");
    orderstore.save("k", "v");
    assertThat(orderstore.get("k", String.class).value()).isEqualTo("v");
  }

  @Test
  void theConfigurationStoreIsATwinThatTheHelperChanges() {
    int before = settings.updates.size();
    plumb.updateConfiguration("discount", "15");
    plumb.updateConfiguration("appconfig", "ignored-by-the-listener", "x");
    // The twin reports a write to its watchers before it returns; the handler runs after.
    await().until(() -> settings.updates.size() == before + 1);
    assertThat(settings.updates.get(before).items().get("discount").value()).isEqualTo("15");
    assertThat(appconfig.get("discount").get("discount").value()).isEqualTo("15");
    await().until(() -> "15".equals(environment.getProperty("discount")));
    plumb.deleteConfiguration("appconfig", "discount");
    await().until(() -> settings.updates.size() == before + 2);
    assertThat(settings.updates.get(before + 1).items().get("discount").isEmpty()).isTrue();
    await().until(() -> environment.getProperty("discount") == null);
  }

  @Test
  void publishedOrdersAreDeliveredAndDroppedOnesReachTheDeadLetterTopic() {
    plumb.publish("orders", new Order("o-1", 3));
    plumb.publish("orders", new Order("bad", -1));
    assertThat(plumb.awaitDelivered("orders", 2))
        .extracting(PlumbTestHelper.Delivery::result)
        .containsExactlyInAnyOrder(DeliveryResult.SUCCESS, DeliveryResult.DROP);
    assertThat(orderstore.get("o-1", Order.class).value()).isEqualTo(new Order("o-1", 3));
    assertThat(plumb.awaitDeadLetters("orderpubsub", "orders-dlq", 1))
        .singleElement()
        .satisfies(e -> assertThat(e.dataAsString()).contains("\"bad\""));
  }

  @Test
  void aFailedDeliveryIsRedeliveredWhenTheTestMovesTheClock() {
    plumb.publish("payments", new Order("p-1", 1));
    assertThat(plumb.awaitDelivered("payments", 1).get(0).result()).isEqualTo(DeliveryResult.RETRY);
    // The redelivery waits on the runtime's clock, which only the test moves.
    assertThat(plumb.delivered("orderpubsub", "payments")).hasSize(1);
    await()
        .untilAsserted(
            () -> {
              plumb.advance(Duration.ofSeconds(10));
              assertThat(plumb.delivered("orderpubsub", "payments")).hasSizeGreaterThan(1);
            });
    assertThat(plumb.awaitDelivered("payments", 2).get(1).result())
        .isEqualTo(DeliveryResult.SUCCESS);
    assertThat(orderstore.get("paid-p-1", Order.class).value()).isEqualTo(new Order("p-1", 1));
  }

  @Test
  void actorTimersFireOnlyWhenTheTestAdvancesTheClock() {
    Timer timer = actors.proxy(Timer.class, "t-1");
    timer.arm();
    assertThat(timer.fired()).isZero();
    plumb.advance(Duration.ofMinutes(1));
    await().until(() -> timer.fired() == 1);
    plumb.advance(Duration.ofMinutes(2));
    await().until(() -> timer.fired() >= 2);
  }

  @Test
  void bindingListenersGetTheCronTicksOfTheTestClock() {
    int before = ticks.count.get();
    plumb.advance(Duration.ofMinutes(1));
    await().until(() -> ticks.count.get() == before + 1);
    plumb.advance(Duration.ofMinutes(3));
    await().until(() -> ticks.count.get() >= before + 2);
  }
}
