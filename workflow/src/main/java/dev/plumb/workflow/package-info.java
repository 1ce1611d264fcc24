/**
 * The durable workflow engine behind {@code plumb.workflows()}: each live instance runs its code on
 * a thread of its own and stays cached, resuming on its next event without replay; its history is
 * replayed only after an eviction, a crash or a restart. Every step (the events an instance
 * consumed, the tasks it scheduled, its status) is one atomic {@link
 * dev.plumb.api.workflow.spi.WorkflowStore#commit}, fenced by a row version and an ownership epoch;
 * activities run in process once the step that schedules them is committed, at least once; durable
 * timers run on the runtime's scheduler, so a test scheduler skips them.
 */
package dev.plumb.workflow;
