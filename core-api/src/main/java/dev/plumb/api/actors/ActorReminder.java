package dev.plumb.api.actors;

import java.lang.reflect.Type;
import java.time.Instant;

/**
 * A reminder of one actor as stored: its name, when it is due, its period and expiry as registered,
 * and its payload, read as a type of the caller's choice.
 */
public interface ActorReminder {

  /**
   * Returns the reminder's name.
   *
   * @return the name, unique per actor
   */
  String name();

  /**
   * Returns when it is due: the next firing, or the firing being handled.
   *
   * @return the due time
   */
  Instant dueTime();

  /**
   * Returns its period as registered.
   *
   * @return the spelling, such as {@code R5/PT1M}, or {@code null} if it fires once
   */
  String period();

  /**
   * Returns how many more times it fires after the one it is due for.
   *
   * @return the count; -1 for no limit
   */
  int remainingRepetitions();

  /**
   * Returns when it expires, from its {@code ttl}.
   *
   * @return the instant after which it never fires, or {@code null} without a ttl
   */
  Instant expiration();

  /**
   * Reads the payload given at registration.
   *
   * @param type the type to read it as ({@code byte[].class} for the stored bytes)
   * @param <T> that type
   * @return the payload, or {@code null} if none was given
   * @throws ActorSerializationException if the payload cannot be read as {@code type}
   */
  <T> T data(Class<T> type);

  /**
   * Reads the payload given at registration as a generic type, such as {@code List<Item>}.
   *
   * @param type the type to read it as
   * @param <T> that type
   * @return the payload, or {@code null} if none was given
   * @throws ActorSerializationException if the payload cannot be read as {@code type}
   */
  <T> T data(Type type);
}
