package dev.plumb.samples.workflow;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.runtime.Plumb;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The activities of the order workflow, with fakes of the shop's services: an order catalogue, an
 * inventory, a payment gateway that declines totals above 1,000 and a carrier.
 */
public final class Shop {
  /** Totals above this are declined. */
  static final BigDecimal LIMIT = new BigDecimal("1000");

  /** What the activities did, in order, for tests and for the console. */
  final List<String> log = new CopyOnWriteArrayList<>();

  private final Runnable beforeShipping;
  private volatile int gatewayFailures;

  /**
   * Creates the shop.
   *
   * @param beforeShipping runs first in {@code ShipOrder}: the kill-after-payment demo halts there
   */
  public Shop(Runnable beforeShipping) {
    this.beforeShipping = beforeShipping;
  }

  /** Makes the payment gateway fail the next {@code n} calls (it is retried). */
  void failGateway(int n) {
    gatewayFailures = n;
  }

  /**
   * Registers the workflow and its activities.
   *
   * @param builder the builder
   * @return the builder
   */
  public Plumb.Builder register(Plumb.Builder builder) {
    return builder
        .workflow(new OrderWorkflow())
        .activity(
            ActivityDefinition.of(
                "FetchOrder",
                String.class,
                Order.class,
                (ctx, id) -> {
                  log.add("fetch " + id);
                  BigDecimal amount =
                      id.startsWith("big") ? new BigDecimal("5000") : new BigDecimal("42.50");
                  return new Order(id, "book", 1, amount);
                }))
        .activity(
            ActivityDefinition.of(
                "ReserveInventory",
                Order.class,
                Boolean.class,
                (ctx, o) -> {
                  log.add("reserve " + o.id());
                  return true;
                }))
        .activity(
            ActivityDefinition.of(
                "ProcessPayment",
                Order.class,
                Payment.class,
                (ctx, o) -> {
                  if (gatewayFailures > 0) {
                    gatewayFailures--;
                    log.add("gateway down " + o.id());
                    throw new IllegalStateException("payment gateway unavailable");
                  }
                  // The idempotency key is the same on every attempt and after a crash: a real
                  // gateway would be given it so that a retried charge is charged once.
                  log.add("pay " + o.id() + " key=" + ctx.idempotencyKey());
                  return o.amount().compareTo(LIMIT) > 0
                      ? new Payment(false, "declined: over " + LIMIT)
                      : new Payment(true, "pay-" + o.id());
                }))
        .activity(
            ActivityDefinition.of(
                "ReleaseInventory",
                Order.class,
                Void.class,
                (ctx, o) -> {
                  log.add("release " + o.id());
                  return null;
                }))
        .activity(
            ActivityDefinition.of(
                "ShipOrder",
                Order.class,
                String.class,
                (ctx, o) -> {
                  beforeShipping.run();
                  log.add("ship " + o.id());
                  return "track-" + o.id();
                }));
  }
}
