/**
 * Durable workflows as the application sees them, with Dapr's model: a {@link
 * dev.plumb.api.workflow.Workflow} is plain code run with a {@link
 * dev.plumb.api.workflow.WorkflowContext} (activities, child workflows, durable timers, external
 * events, continue-as-new), replayed from its event-sourced history after a crash; {@link
 * dev.plumb.api.workflow.Workflows} schedules and manages instances. The engine is the {@code
 * plumb-workflow} module.
 */
package dev.plumb.api.workflow;
