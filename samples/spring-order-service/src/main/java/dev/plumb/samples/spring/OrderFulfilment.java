package dev.plumb.samples.spring;

import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.WorkflowAlreadyExistsException;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.samples.spring.Orders.Order;
import org.springframework.stereotype.Service;

/**
 * Fulfils a placed order by scheduling its {@link OrderWorkflow}: check it out of the customer's
 * cart actor, then mark it confirmed, each step an activity retried and resumed on its own. The
 * workflow's instance id is the order's, so a redelivered event schedules nothing twice.
 */
@Service
class OrderFulfilment {
  private final Workflows workflows;

  OrderFulfilment(Workflows workflows) {
    this.workflows = workflows;
  }

  /** Schedules the order's workflow and returns at once; the steps run on the workflow engine. */
  void fulfil(Order order) {
    try {
      workflows.schedule(OrderWorkflow.class, order, ScheduleOptions.id(instanceId(order.id())));
    } catch (WorkflowAlreadyExistsException redelivered) {
      // Scheduled by an earlier delivery of the same event: that instance does the work.
    }
  }

  static String instanceId(String orderId) {
    return "order-" + orderId;
  }
}
