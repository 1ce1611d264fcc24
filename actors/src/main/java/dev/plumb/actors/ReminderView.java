package dev.plumb.actors;

import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.spi.StoredReminder;
import java.lang.reflect.Type;
import java.time.Instant;

/** A stored reminder as the application reads it. Immutable. */
final class ReminderView implements ActorReminder {
  private final StoredReminder reminder;
  private final Codec codec;

  ReminderView(StoredReminder reminder, Codec codec) {
    this.reminder = reminder;
    this.codec = codec;
  }

  @Override
  public String name() {
    return reminder.key().name();
  }

  @Override
  public Instant dueTime() {
    return reminder.dueTime();
  }

  @Override
  public String period() {
    return reminder.period();
  }

  @Override
  public int remainingRepetitions() {
    return reminder.remainingRepetitions();
  }

  @Override
  public Instant expiration() {
    return reminder.expiration();
  }

  @Override
  public <T> T data(Class<T> type) {
    return data((Type) type);
  }

  @Override
  public <T> T data(Type type) {
    byte[] data = reminder.data();
    if (data == null) {
      return null;
    }
    return codec.decode(
        type == byte[].class ? data.clone() : data,
        type,
        "reminder '"
            + name()
            + "' of actor "
            + reminder.key().actorType()
            + "/"
            + reminder.key().actorId()
            + ": data");
  }

  @Override
  public String toString() {
    return "ActorReminder[" + name() + ", dueTime=" + dueTime() + ", period=" + period() + "]";
  }
}
