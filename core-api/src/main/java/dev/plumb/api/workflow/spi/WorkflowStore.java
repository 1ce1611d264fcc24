package dev.plumb.api.workflow.spi;

import dev.plumb.api.workflow.WorkflowQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Durable storage of workflow instances. Every step of an instance is one {@link #commit}: its
 * history events, its metadata row and its work items together, or nothing; the commit is fenced by
 * the row's version and by the epoch of the lease on the instance's partition, so an engine whose
 * lease passed to another can never interleave a step with the new owner's.
 *
 * <p>Instances are spread over {@link #partitions()} partitions by {@link #partitionOf}; engines of
 * one application sharing the store divide the partitions between them with {@link #lease}. An
 * engine runs only the instances of partitions it holds; work it adds for an instance of another
 * partition is committed with {@link Commit#signal()} and reaches that partition's owner through
 * {@link #inbox}.
 *
 * <p>Implementations must be thread-safe; failures are thrown as they are and wrapped by the
 * engine. Keys of one application never see another's.
 */
public interface WorkflowStore {

  /** The default number of partitions. */
  int DEFAULT_PARTITIONS = 16;

  /**
   * Returns how many partitions instances are spread over: at most this many engines share the
   * work. Fixed for the life of the store's data.
   *
   * @return the count, positive
   */
  default int partitions() {
    return DEFAULT_PARTITIONS;
  }

  /**
   * Returns the store for one application's instances, for a store shared by several applications
   * (a state component's native store): keys of one application never see another's. The engine
   * calls it once, with its application's id, before anything else.
   *
   * @param appId the application's id; may be empty
   * @return the store to use for that application; this store by default
   */
  default WorkflowStore forApp(String appId) {
    return this;
  }

  /**
   * Returns an instance's partition, the same in every JVM.
   *
   * @param instanceId the id
   * @param partitions the store's partition count
   * @return from 0 to {@code partitions - 1}
   */
  static int partitionOf(String instanceId, int partitions) {
    return Math.floorMod(instanceId.hashCode(), partitions);
  }

  /**
   * One atomic step on the lease table, taken by every engine a few times per lease period. In
   * order: records {@code owner} as a member until {@code now + ttl} and forgets members whose time
   * passed; drops the owner's leases on the partitions in {@code release}; renews its other leases
   * to {@code now + ttl} (keeping their epochs, even if they had expired and nobody took them);
   * grants it each partition of {@code acquire} that has no lease or an expired one, with a new
   * epoch greater than any granted before. A {@code ttl} of zero leaves: the membership and every
   * lease of the owner end at once.
   *
   * @param owner the calling engine's id
   * @param acquire partitions to take if free
   * @param release partitions to give up
   * @param now the caller's time; engines of one application need clocks in step to well under
   *     {@code ttl}
   * @param ttl how long a lease and a membership last without renewal
   * @return the table after the step
   * @throws Exception if the store fails; the step may or may not have been taken
   */
  Leases lease(String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl)
      throws Exception;

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
   * Reads the work of one partition's instances, for an engine that has just taken the partition.
   *
   * @param partition the partition
   * @return the items, in no particular order
   * @throws Exception if the store fails
   */
  List<WorkItem> pendingWork(int partition) throws Exception;

  /**
   * Takes the work signalled to some partitions since the last call: the current work items of
   * every instance of those partitions that a commit with {@link Commit#signal()} added work for.
   * May return items the caller already has (it skips those); a signal taken by a call that then
   * failed is lost, but its work stays in the store for {@link #pendingWork} of the partition's
   * next owner.
   *
   * @param partitions the partitions, all held by the caller
   * @return the items, in no particular order
   * @throws Exception if the store fails
   */
  List<WorkItem> inbox(Set<Integer> partitions) throws Exception;

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
   * @param epoch the lease epoch of its partition, or 0 from an engine that does not hold it
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
