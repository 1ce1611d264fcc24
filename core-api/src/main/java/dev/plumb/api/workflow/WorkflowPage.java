package dev.plumb.api.workflow;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link Workflows#list}.
 *
 * @param instances the instances of the page
 * @param continuationToken the next page's token; {@code null} on the last page
 */
public record WorkflowPage(List<WorkflowState> instances, String continuationToken) {

  /**
   * Copies the list.
   *
   * @param instances not {@code null}
   * @param continuationToken may be {@code null}
   */
  public WorkflowPage {
    instances = List.copyOf(instances);
  }

  /**
   * Returns the next page's token.
   *
   * @return the token, or empty on the last page
   */
  public Optional<String> next() {
    return Optional.ofNullable(continuationToken);
  }
}
