package dev.plumb.runtime.internal.registry;

import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A component's metadata that remembers which fields were asked for, so that the registry can
 * report the fields nobody read: likely misspellings. Thread-safe.
 */
final class TrackedMetadata implements ComponentMetadata {
  private final ComponentMetadata delegate;
  private final Set<String> read = ConcurrentHashMap.newKeySet();

  TrackedMetadata(ComponentMetadata delegate) {
    this.delegate = delegate;
  }

  private String mark(String name) {
    read.add(name.toLowerCase(Locale.ROOT));
    return name;
  }

  /**
   * Returns the fields present that no getter has read.
   *
   * @return their names, as written, in file order
   */
  List<String> unreadNames() {
    List<String> names = new ArrayList<>();
    for (String n : delegate.names()) {
      if (!read.contains(n.toLowerCase(Locale.ROOT))) {
        names.add(n);
      }
    }
    return names;
  }

  @Override
  public String owner() {
    return delegate.owner();
  }

  @Override
  public boolean has(String name) {
    return delegate.has(mark(name));
  }

  @Override
  public Optional<String> getString(String name) {
    return delegate.getString(mark(name));
  }

  @Override
  public boolean isSecret(String name) {
    return delegate.isSecret(name);
  }

  @Override
  public String requireString(String name) {
    return delegate.requireString(mark(name));
  }

  @Override
  public int getInt(String name, int defaultValue) {
    return delegate.getInt(mark(name), defaultValue);
  }

  @Override
  public long getLong(String name, long defaultValue) {
    return delegate.getLong(mark(name), defaultValue);
  }

  @Override
  public boolean getBoolean(String name, boolean defaultValue) {
    return delegate.getBoolean(mark(name), defaultValue);
  }

  @Override
  public Duration getDuration(String name, ChronoUnit bareUnit, Duration defaultValue) {
    return delegate.getDuration(mark(name), bareUnit, defaultValue);
  }

  @Override
  public void addProblem(String message) {
    delegate.addProblem(message);
  }

  @Override
  public List<String> names() {
    return delegate.names();
  }

  @Override
  public void validate() {
    delegate.validate();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
