package dev.plumb.samples.workflow;

import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the order workflow. Commands:
 *
 * <ul>
 *   <li>{@code run}: places {@code order-1} (shipped) and {@code big-order} (payment declined,
 *       inventory released) and prints how they ended;
 *   <li>{@code kill-after-payment}: places {@code order-crash} and halts the JVM once the payment
 *       step is committed, just before shipping (as {@code kill -9} would);
 *   <li>{@code resume}: starts again on the same store; the engine finds the pending shipment and
 *       the workflow completes as shipped, without paying twice.
 * </ul>
 *
 * The last two need a durable store: {@code -Dsample.resources=components-postgresql} (or
 * components-redis).
 */
public final class OrderApp {
  private OrderApp() {}

  /**
   * Runs a command.
   *
   * @param args the resources folder (default {@code components}) and the command (default {@code
   *     run})
   * @throws Exception if the workflow does not finish in time
   */
  public static void main(String[] args) throws Exception {
    Path resources = Path.of(args.length > 0 ? args[0] : "components");
    String command = args.length > 1 ? args[1] : "run";
    boolean kill = command.equals("kill-after-payment");
    Shop shop =
        new Shop(
            () -> {
              if (kill) {
                System.out.println("payment committed; killing the JVM before shipping");
                System.out.flush();
                Runtime.getRuntime().halt(137);
              }
            });
    try (Plumb plumb =
        shop.register(Plumb.builder().appId("orders").resources(resources)).build()) {
      Workflows workflows = plumb.workflows();
      switch (command) {
        case "run":
          for (String id : new String[] {"order-1", "big-order"}) {
            workflows.schedule(OrderWorkflow.class, id, ScheduleOptions.id(id));
            print(workflows.waitForCompletion(id, Duration.ofSeconds(30)));
          }
          break;
        case "kill-after-payment":
          workflows.schedule(OrderWorkflow.class, "order-crash", ScheduleOptions.id("order-crash"));
          workflows.waitForCompletion("order-crash", Duration.ofSeconds(30));
          System.out.println("not killed: did the store keep an earlier order-crash?");
          break;
        case "resume":
          WorkflowState s = workflows.waitForCompletion("order-crash", Duration.ofSeconds(30));
          print(s);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown command '" + command + "': run, kill-after-payment or resume");
      }
      System.out.println("activities run by this JVM: " + shop.log);
    }
  }

  private static void print(WorkflowState s) {
    OrderResult r = s.readOutputAs(OrderResult.class);
    System.out.println(
        s.instanceId()
            + ": "
            + s.status()
            + " "
            + (r == null ? "" : r.status() + " " + r.detail()));
  }
}
