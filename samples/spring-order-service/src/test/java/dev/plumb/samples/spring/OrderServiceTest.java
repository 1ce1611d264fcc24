package dev.plumb.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.actors.Actors;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.samples.spring.Orders.Order;
import dev.plumb.samples.spring.Orders.OrderRequest;
import dev.plumb.spring.test.PlumbTest;
import dev.plumb.spring.test.PlumbTestHelper;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The service's pub/sub and actor logic, on in-memory twins, with no server. */
@PlumbTest
class OrderServiceTest {
  @Autowired PlumbTestHelper plumb;
  @Autowired OrderService orders;
  @Autowired Actors actors;
  @Autowired Inventory inventory;
  @Autowired Workflows workflows;

  @BeforeEach
  void reset() {
    plumb.reset();
  }

  @Test
  void aPlacedOrderIsDeliveredCheckedOutOfTheCartAndConfirmed() throws Exception {
    Order placed = orders.place(new OrderRequest("alice", List.of("book"), 1299));
    assertThat(plumb.awaitDelivered("orderpubsub", "orders", 1))
        .extracting(PlumbTestHelper.Delivery::result)
        .containsExactly(DeliveryResult.SUCCESS);
    // The subscriber scheduled the order's workflow; its activities check out and confirm.
    WorkflowState done =
        workflows.waitForCompletion(
            OrderFulfilment.instanceId(placed.id()), java.time.Duration.ofSeconds(10));
    assertThat(done.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(done.readOutputAs(String.class)).isEqualTo(Orders.CONFIRMED);
    assertThat(orders.find(placed.id()).orElseThrow().value().status()).isEqualTo(Orders.CONFIRMED);
    assertThat(actors.proxy(Cart.class, "alice").orders()).containsExactly(placed.id());
    assertThat(inventory.reserved("book")).isPositive();
  }

  @Test
  void anInvalidOrderIsDroppedToTheDeadLetterTopicAndRejected() {
    Order placed = orders.place(new OrderRequest("bob", List.of("pen"), 0));
    assertThat(plumb.awaitDelivered("orderpubsub", "orders", 1).get(0).result())
        .isEqualTo(DeliveryResult.DROP);
    assertThat(plumb.awaitDeadLetters("orderpubsub", "orders-dlq", 1))
        .singleElement()
        .satisfies(e -> assertThat(e.dataAsString()).contains(placed.id()));
    await()
        .until(
            () -> orders.find(placed.id()).orElseThrow().value().status().equals(Orders.REJECTED));
    assertThat(actors.proxy(Cart.class, "bob").orders()).isEmpty();
  }
}
