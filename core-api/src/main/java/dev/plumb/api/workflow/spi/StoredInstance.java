package dev.plumb.api.workflow.spi;

import java.util.List;

/**
 * An instance as loaded: its metadata and its history of the current generation, in order.
 *
 * @param record the metadata
 * @param history the events
 */
public record StoredInstance(InstanceRecord record, List<HistoryEvent> history) {

  /**
   * Copies the history.
   *
   * @param record not {@code null}
   * @param history not {@code null}
   */
  public StoredInstance {
    history = List.copyOf(history);
  }
}
