package dev.plumb.bindings.cron;

import dev.plumb.api.Subscription;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.api.bindings.spi.ReadHandler;
import dev.plumb.api.spi.Scheduler;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a {@link CronSchedule} on the runtime's {@link Scheduler}, so a test scheduler skips a day
 * of ticks in milliseconds. Each tick is an event with no data and Dapr's metadata: {@code
 * timeZone} (the schedule's zone) and {@code readTimeUTC} (the tick's instant, in Go's {@code
 * time.String()} format, as Dapr writes it).
 *
 * <p>Each run first schedules the next one, then hands its event to the runtime, so a slow handler
 * does not delay the schedule; the next instant is computed from the later of the tick's due
 * instant and the clock, so ticks missed while the process stood still are skipped, as robfig/cron
 * skips them. A handler's failure is the runtime's to log: a tick is not repeated. Thread-safe.
 */
final class CronBindingComponent implements InputBindingComponent {
  private static final Logger LOG = LoggerFactory.getLogger(CronBindingComponent.class);
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final String name;
  private final CronSchedule schedule;
  private final Scheduler scheduler;

  CronBindingComponent(String name, CronSchedule schedule, Scheduler scheduler) {
    this.name = name;
    this.schedule = schedule;
    this.scheduler = scheduler;
  }

  @Override
  public Subscription read(ReadHandler handler) {
    Ticks ticks = new Ticks(handler);
    ticks.scheduleAfter(scheduler.clock().instant());
    LOG.debug("cron binding '{}': schedule '{}' in {}", name, schedule, schedule.zone());
    return ticks;
  }

  /** One reader's chain of ticks; closing it cancels the next one. */
  private final class Ticks implements Subscription {
    private final ReadHandler handler;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile Scheduler.Task next;

    Ticks(ReadHandler handler) {
      this.handler = handler;
    }

    void scheduleAfter(Instant after) {
      Instant at = schedule.next(after);
      if (at == null) {
        LOG.warn("cron binding '{}': schedule '{}' never fires again", name, schedule);
        return;
      }
      Scheduler.Task task = scheduler.schedule(at, () -> fire(at));
      next = task;
      if (!open.get()) {
        task.cancel();
      }
    }

    private void fire(Instant due) {
      if (!open.get()) {
        return;
      }
      Instant now = scheduler.clock().instant();
      scheduleAfter(now.isAfter(due) ? now : due);
      try {
        handler.handle(
            new BindingEvent(
                new byte[0],
                Map.of("timeZone", schedule.zone().getId(), "readTimeUTC", goTime(now)),
                null));
      } catch (Exception e) {
        LOG.debug("cron binding '{}': the tick at {} was not handled: {}", name, due, e.toString());
      }
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        Scheduler.Task task = next;
        if (task != null) {
          task.cancel();
        }
      }
    }
  }

  /** Go's {@code time.Time.String()} of a UTC instant: {@code 2026-01-01 00:00:10.5 +0000 UTC}. */
  static String goTime(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(GO_TIME.format(t));
    int nanos = t.getNano();
    if (nanos > 0) {
      String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
      sb.append('.').append(fraction);
    }
    return sb.append(" +0000 UTC").toString();
  }

  @Override
  public String toString() {
    return "CronBinding[" + name + ", " + schedule + "]";
  }
}
