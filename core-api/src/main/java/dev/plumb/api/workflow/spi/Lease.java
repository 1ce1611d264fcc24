package dev.plumb.api.workflow.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One partition's lease: which engine owns the partition's instances, until when, and the fencing
 * epoch its commits carry. Every grant gets a new epoch, greater than any granted before in the
 * store, so a step written under a newer lease can never be followed by one under an older lease.
 *
 * @param partition the partition, from 0 to {@link WorkflowStore#partitions()} - 1
 * @param owner the owning engine's id
 * @param epoch the fencing epoch of this grant; positive
 * @param expiresAt when the lease ends unless renewed
 */
public record Lease(int partition, String owner, long epoch, Instant expiresAt) {

  /**
   * Checks the fields.
   *
   * @param partition not negative
   * @param owner not {@code null}
   * @param epoch positive
   * @param expiresAt not {@code null}
   */
  public Lease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (partition < 0 || epoch <= 0) {
      throw new IllegalArgumentException("partition " + partition + ", epoch " + epoch);
    }
  }
}
