package dev.plumb.api.actors;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Optional;

/**
 * An actor's state: named values kept in the component marked {@code actorStateStore}, under Dapr's
 * keys {@code <appId>||<actorType>||<actorId>||<key>}, so Dapr and Plumb read each other's actor
 * state. Values are serialized as the runtime's serializer writes them ({@code byte[]} as is).
 *
 * <p>Reads are cached for the life of the activation; writes are collected during a turn and saved
 * in one transaction when the turn returns. If the turn throws, nothing is saved and the cache is
 * dropped, so the next turn sees the stored state. Use it only during a turn of its own actor (from
 * the method, a callback, or a stage of an asynchronous method before it completes); it is not
 * thread-safe, and a turn uses it from one thread at a time.
 */
public interface ActorStateManager {

  /**
   * Reads a value.
   *
   * @param key the key; not empty, no {@code ||}
   * @param type the value's type
   * @param <T> that type
   * @return the value, or empty if the key is missing or expired
   * @throws ActorSerializationException if the stored value cannot be read as {@code type}
   * @throws IllegalStateException if no turn of this actor is running
   */
  <T> Optional<T> get(String key, Class<T> type);

  /**
   * Reads a value of a generic type, such as {@code List<Item>}.
   *
   * @param key the key
   * @param type the value's type
   * @param <T> that type
   * @return the value, or empty if the key is missing or expired
   * @throws ActorSerializationException if the stored value cannot be read as {@code type}
   * @throws IllegalStateException if no turn of this actor is running
   */
  <T> Optional<T> get(String key, Type type);

  /**
   * Sets a value, without expiry (removing an earlier one).
   *
   * @param key the key
   * @param value the value; not {@code null}
   * @throws IllegalStateException if no turn of this actor is running
   */
  void set(String key, Object value);

  /**
   * Sets a value that expires.
   *
   * @param key the key
   * @param value the value; not {@code null}
   * @param ttl how long it lives; stored in whole seconds (Dapr's {@code ttlInSeconds}), rounded up
   * @throws IllegalStateException if no turn of this actor is running
   */
  void set(String key, Object value, Duration ttl);

  /**
   * Sets a value that must not exist yet.
   *
   * @param key the key
   * @param value the value; not {@code null}
   * @throws IllegalStateException if the key already has a value, or no turn is running
   */
  void add(String key, Object value);

  /**
   * Removes a value; removing a missing key does nothing.
   *
   * @param key the key
   * @throws IllegalStateException if no turn of this actor is running
   */
  void remove(String key);

  /**
   * Tells whether a key has a value.
   *
   * @param key the key
   * @return {@code true} if it has an unexpired value
   * @throws IllegalStateException if no turn of this actor is running
   */
  boolean contains(String key);
}
