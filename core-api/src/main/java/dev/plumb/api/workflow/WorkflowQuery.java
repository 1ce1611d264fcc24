package dev.plumb.api.workflow;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which instances {@link Workflows#list} returns, and which page. Immutable.
 *
 * @param statuses the statuses to keep; empty for all
 * @param name the workflow name to keep; {@code null} for all
 * @param createdFrom the inclusive lower bound of creation; {@code null} for none
 * @param createdTo the exclusive upper bound of creation; {@code null} for none
 * @param pageSize the most instances per page; positive
 * @param continuationToken where the page starts: the previous page's token; {@code null} first
 */
public record WorkflowQuery(
    Set<WorkflowStatus> statuses,
    String name,
    Instant createdFrom,
    Instant createdTo,
    int pageSize,
    String continuationToken) {

  /**
   * Checks the values.
   *
   * @param statuses not {@code null}
   * @param name may be {@code null}
   * @param createdFrom may be {@code null}
   * @param createdTo may be {@code null}
   * @param pageSize positive
   * @param continuationToken may be {@code null}
   */
  public WorkflowQuery {
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    if (pageSize <= 0) {
      throw new IllegalArgumentException(
          "WorkflowQuery pageSize must be positive, got " + pageSize);
    }
  }

  /**
   * Returns the query of every instance, 100 per page.
   *
   * @return the query
   */
  public static WorkflowQuery all() {
    return new WorkflowQuery(Set.of(), null, null, null, 100, null);
  }

  /**
   * Returns a copy that keeps only some statuses.
   *
   * @param first a status
   * @param more more statuses
   * @return the query
   */
  public WorkflowQuery status(WorkflowStatus first, WorkflowStatus... more) {
    return new WorkflowQuery(
        EnumSet.of(first, more), name, createdFrom, createdTo, pageSize, continuationToken);
  }

  /**
   * Returns a copy that keeps one workflow name.
   *
   * @param workflowName the name
   * @return the query
   */
  public WorkflowQuery name(String workflowName) {
    return new WorkflowQuery(
        statuses, workflowName, createdFrom, createdTo, pageSize, continuationToken);
  }

  /**
   * Returns a copy that keeps instances created in a range.
   *
   * @param from inclusive; {@code null} for none
   * @param to exclusive; {@code null} for none
   * @return the query
   */
  public WorkflowQuery createdBetween(Instant from, Instant to) {
    return new WorkflowQuery(statuses, name, from, to, pageSize, continuationToken);
  }

  /**
   * Returns a copy with another page size.
   *
   * @param size positive
   * @return the query
   */
  public WorkflowQuery pageSize(int size) {
    return new WorkflowQuery(statuses, name, createdFrom, createdTo, size, continuationToken);
  }

  /**
   * Returns a copy that starts after a previous page.
   *
   * @param token the previous page's token
   * @return the query
   */
  public WorkflowQuery after(String token) {
    return new WorkflowQuery(statuses, name, createdFrom, createdTo, pageSize, token);
  }

  /**
   * Tells whether a state matches the filter (not the page).
   *
   * @param state the state
   * @return true if kept
   */
  public boolean matches(WorkflowState state) {
    return (statuses.isEmpty() || statuses.contains(state.status()))
        && (name == null || name.equals(state.name()))
        && (createdFrom == null || !state.createdAt().isBefore(createdFrom))
        && (createdTo == null || state.createdAt().isBefore(createdTo));
  }
}
