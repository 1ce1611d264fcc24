package dev.plumb.workflow;

import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.WorkKey;

/**
 * Something for an instance to consume: an activity's result, a timer, a message.
 *
 * @param event the event
 * @param key the work item its consumption deletes; {@code null} if none
 * @param generation the run it is for; 0 for any
 */
record Inbound(HistoryEvent event, WorkKey key, long generation) {}
