package dev.plumb.api.workflow.spi;

import dev.plumb.api.workflow.WorkflowQuery;
import java.util.List;

/**
 * Durable storage of workflow instances. Every step of an instance is one {@link #commit}: its
 * history events, its metadata row and its work items together, or nothing; the commit is fenced by
 * the row's version and by the ownership epoch, so a second owner can never interleave with the
 * first. Implementations must be thread-safe; failures are thrown as they are and wrapped by the
 * engine. Keys of one application never see another's.
 */
public interface WorkflowStore {

  /**
   * Takes ownership of the application's instances: returns a new epoch, greater than every epoch
   * returned before, after which commits carrying an older epoch fail with {@link
   * Commit.Result#FENCED}.
   *
   * @param owner who claims, for diagnostics
   * @return the new epoch
   * @throws Exception if the store fails
   */
  long claim(String owner) throws Exception;

  /**
   * Loads an instance and its current history.
   *
   * @param instanceId the id
   * @return the instance, or {@code null} if none
   * @throws Exception if the store fails
   */
  StoredInstance load(String instanceId) throws Exception;

  /**
   * Reads an instance's metadata.
   *
   * @param instanceId the id
   * @return the row, or {@code null} if none
   * @throws Exception if the store fails
   */
  InstanceRecord get(String instanceId) throws Exception;

  /**
   * Writes a commit atomically.
   *
   * @param commit the commit
   * @return {@link Commit.Result#OK}, or why nothing was written
   * @throws Exception if the store fails; nothing was written
   */
  Commit.Result commit(Commit commit) throws Exception;

  /**
   * Reads every work item, for recovery when the engine starts.
   *
   * @return the items, in no particular order
   * @throws Exception if the store fails
   */
  List<WorkItem> pendingWork() throws Exception;

  /**
   * Lists instances matching a query, most recently created first, one page.
   *
   * @param query the filter and page; its continuation token is one this store returned
   * @return the page
   * @throws Exception if the store fails
   */
  InstancePage list(WorkflowQuery query) throws Exception;

  /**
   * Lists the ids of an instance's child workflows.
   *
   * @param parentInstanceId the parent's id
   * @return the children's ids
   * @throws Exception if the store fails
   */
  List<String> children(String parentInstanceId) throws Exception;

  /**
   * Deletes an instance's row, history and work.
   *
   * @param instanceId the id
   * @param epoch the ownership epoch
   * @return true if the instance existed
   * @throws Exception if the store fails
   */
  boolean purge(String instanceId, long epoch) throws Exception;

  /**
   * A page of instance rows.
   *
   * @param records the rows
   * @param continuationToken the next page's token; {@code null} on the last page
   */
  record InstancePage(List<InstanceRecord> records, String continuationToken) {

    /**
     * Copies the rows.
     *
     * @param records not {@code null}
     * @param continuationToken may be {@code null}
     */
    public InstancePage {
      records = List.copyOf(records);
    }
  }
}
