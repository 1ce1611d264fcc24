package dev.plumb.actors;

import dev.plumb.api.actors.Schedule;
import dev.plumb.api.spi.Scheduler;
import java.time.Instant;

/**
 * One timer of one activation: a scheduler task per firing, each firing a turn of the actor. It
 * lives with the activation and ends with it. Fields other than the task are confined to the
 * firing's turn.
 */
final class ActorTimer implements Runnable {
  private final Activation actor;
  private final String name;
  private final Schedule schedule;
  private final Runnable callback;
  private final Instant expiration;
  private Instant dueTime;
  private int remaining;
  private volatile Scheduler.Task task;
  private volatile boolean cancelled;

  ActorTimer(Activation actor, String name, Schedule schedule, Runnable callback, Instant now) {
    this.actor = actor;
    this.name = name;
    this.schedule = schedule;
    this.callback = callback;
    this.dueTime = schedule.firstDueTime(now);
    this.expiration = schedule.expiration(dueTime);
    this.remaining = schedule.repetitions();
  }

  /**
   * Tells whether the timer has already expired when registered (Dapr rejects it then).
   *
   * @param now the registration's time
   * @return {@code true} if its ttl has passed
   */
  boolean expiredAt(Instant now) {
    return expiration != null && (now.isAfter(expiration) || dueTime.isAfter(expiration));
  }

  /**
   * Schedules the next firing.
   *
   * @param scheduler the engine's scheduler
   */
  void schedule(Scheduler scheduler) {
    if (!cancelled) {
      task = scheduler.schedule(dueTime, this);
      if (cancelled) {
        task.cancel();
      }
    }
  }

  /**
   * Moves to the following firing after one has run.
   *
   * @return {@code false} if there is none: the timer is done
   */
  boolean advance() {
    if (!schedule.isPeriodic() || remaining == 1) {
      return false;
    }
    if (remaining > 0) {
      remaining--;
    }
    dueTime = schedule.nextDueTime(dueTime);
    return expiration == null || !dueTime.isAfter(expiration);
  }

  /** Stops the timer; a firing already running finishes. */
  void cancel() {
    cancelled = true;
    Scheduler.Task t = task;
    if (t != null) {
      t.cancel();
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  Activation actor() {
    return actor;
  }

  String name() {
    return name;
  }

  Runnable callback() {
    return callback;
  }

  @Override
  public void run() {
    actor.hostedType().engine().fireTimer(this);
  }
}
