package dev.plumb.workflow;

import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.WorkflowStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which partitions of the store this engine holds, kept by one {@link WorkflowStore#lease} step per
 * {@link #tick()}. Every engine of an application sharing a store takes its fair share of the
 * partitions (their count divided by the live members, rounded up) and gives up any above it, so a
 * replica that joins gets work within a few ticks and a dead one's partitions are taken once its
 * leases expire; no fixed executor ids, no consensus of our own: the store's atomic step decides.
 *
 * <p>A lease counts as held only until two thirds of its time after the step that granted or
 * renewed it was sent, so an engine stops committing well before another may take the partition;
 * commits carry the lease's epoch and the store fences them as well. Steps are serialized; the
 * readers take no lock.
 */
final class Ownership {
  private final WorkflowStore store;
  private final String owner;
  private final Clock clock;
  private final Duration ttl;
  private final int partitions;
  // Replaced whole by each step, read without locks on every commit and dispatch.
  private volatile Held[] held;
  private volatile int members = 1;
  private Set<Integer> freeAtLastTick;

  Ownership(WorkflowStore store, String owner, Clock clock, Duration ttl) {
    this.store = store;
    this.owner = owner;
    this.clock = clock;
    this.ttl = ttl;
    this.partitions = store.partitions();
    this.held = new Held[partitions];
  }

  /** A lease and until when this engine counts it as held. */
  private record Held(Lease lease, Instant validUntil) {}

  Duration ttl() {
    return ttl;
  }

  int partitionOf(String instanceId) {
    return WorkflowStore.partitionOf(instanceId, partitions);
  }

  /** Returns the epoch to commit a step of an instance with, or 0 if its lease is not held. */
  long epochOf(String instanceId) {
    Held h = held[partitionOf(instanceId)];
    return h != null && clock.instant().isBefore(h.validUntil) ? h.lease.epoch() : 0;
  }

  boolean holds(String instanceId) {
    return epochOf(instanceId) != 0;
  }

  List<Integer> heldPartitions() {
    Held[] now = held;
    List<Integer> out = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (now[p] != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** What one tick changed. */
  record Change(List<Integer> acquired, List<Integer> lost) {}

  /**
   * Takes one lease step: renews what is held, asks for free partitions up to the fair share,
   * releases any above it.
   *
   * @throws Exception if the store fails; nothing held changes, and leases lapse as time passes
   */
  Change tick() throws Exception {
    return step(false);
  }

  /** Gives every lease back, so another replica takes the partitions without waiting. */
  void releaseAll() throws Exception {
    step(true);
  }

  private synchronized Change step(boolean releaseAll) throws Exception {
    Set<Integer> mine = new TreeSet<>(heldPartitions());
    int fair = releaseAll ? 0 : (partitions + members - 1) / members;
    Set<Integer> acquire = new TreeSet<>();
    Set<Integer> release = new TreeSet<>();
    if (mine.size() > fair) {
      List<Integer> desc = new ArrayList<>(mine);
      for (int i = desc.size() - 1; i >= 0 && mine.size() - release.size() > fair; i--) {
        release.add(desc.get(i));
      }
    } else {
      for (int p = 0; p < partitions && mine.size() + acquire.size() < fair; p++) {
        if (!mine.contains(p) && (freeAtLastTick == null || freeAtLastTick.contains(p))) {
          acquire.add(p);
        }
      }
    }
    Instant sent = clock.instant();
    Leases table = store.lease(owner, acquire, release, sent, releaseAll ? Duration.ZERO : ttl);
    Instant valid = sent.plus(ttl.multipliedBy(2).dividedBy(3));
    Lease[] now = new Lease[partitions];
    Set<Integer> free = new HashSet<>();
    for (int p = 0; p < partitions; p++) {
      free.add(p);
    }
    for (Lease l : table.leases()) {
      if (l.partition() >= partitions) {
        continue;
      }
      if (l.owner().equals(owner)) {
        now[l.partition()] = l;
      }
      if (l.owner().equals(owner) || l.expiresAt().isAfter(sent)) {
        free.remove(l.partition());
      }
    }
    List<Integer> acquired = new ArrayList<>();
    List<Integer> lost = new ArrayList<>();
    Held[] old = held;
    Held[] next = new Held[partitions];
    for (int p = 0; p < partitions; p++) {
      Lease before = old[p] == null ? null : old[p].lease;
      Lease after = now[p];
      // A lease that lapsed here counts as lost even if the store renewed it: commits were
      // refused meanwhile, so the engine drops the partition's instances and takes it up anew.
      boolean lapsed = before != null && !sent.isBefore(old[p].validUntil);
      boolean same = before != null && after != null && after.epoch() == before.epoch();
      if (before != null && (!same || lapsed)) {
        lost.add(p);
      }
      if (after != null && (!same || lapsed)) {
        acquired.add(p);
      }
      next[p] = after == null ? null : new Held(after, valid);
    }
    held = next;
    members = Math.max(1, table.members().size());
    freeAtLastTick = free;
    return new Change(acquired, lost);
  }
}
