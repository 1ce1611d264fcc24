package dev.plumb.api.spi;

import dev.plumb.api.ConfigurationException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The {@link ComponentMetadata} of a list of fields; values are parsed by {@link DaprValues}. */
final class MetadataView implements ComponentMetadata {
  private final String owner;
  private final Map<String, MetadataField> fields = new LinkedHashMap<>();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  MetadataView(String owner, List<MetadataField> fields) {
    this.owner = owner;
    for (MetadataField f : fields) {
      this.fields.put(key(f.name()), f);
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public boolean has(String name) {
    return getString(name).isPresent();
  }

  @Override
  public Optional<String> getString(String name) {
    MetadataField f = fields.get(key(name));
    if (f == null || f.value().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(f.value().trim());
  }

  @Override
  public boolean isSecret(String name) {
    MetadataField f = fields.get(key(name));
    return f != null && f.secret();
  }

  @Override
  public String requireString(String name) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      problems.add(owner + ": metadata '" + name + "' is required");
      return "";
    }
    return v.get();
  }

  @Override
  public long getLong(String name, long defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      problem(name, "an integer");
      return defaultValue;
    }
  }

  @Override
  public int getInt(String name, int defaultValue) {
    long v = getLong(name, defaultValue);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      problem(name, "an integer");
      return defaultValue;
    }
    return (int) v;
  }

  @Override
  public boolean getBoolean(String name, boolean defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return DaprValues.parseBoolean(v.get());
    } catch (IllegalArgumentException e) {
      problem(name, "a boolean");
      return defaultValue;
    }
  }

  @Override
  public Duration getDuration(String name, ChronoUnit bareUnit, Duration defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return DaprValues.parseDuration(v.get(), bareUnit);
    } catch (IllegalArgumentException e) {
      problem(
          name,
          DaprValues.isOutOfRange(e)
              ? "a duration of at most " + DaprValues.formatDuration(DaprValues.MAX_DURATION)
              : "a duration such as 10s or 1m30s");
      return defaultValue;
    }
  }

  @Override
  public void addProblem(String message) {
    problems.add(owner + ": " + message);
  }

  @Override
  public List<String> names() {
    List<String> names = new ArrayList<>();
    fields.values().forEach(f -> names.add(f.name()));
    return names;
  }

  @Override
  public void validate() {
    synchronized (problems) {
      if (!problems.isEmpty()) {
        throw new ConfigurationException(List.copyOf(problems));
      }
    }
  }

  private void problem(String name, String expected) {
    MetadataField f = fields.get(key(name));
    String where = f != null && f.line() > 0 ? " (line " + f.line() + ")" : "";
    String got = f == null ? "" : f.secret() ? ", got a secret value" : ", got '" + f.value() + "'";
    problems.add(owner + ": metadata '" + name + "'" + where + ": expected " + expected + got);
  }

  @Override
  public String toString() {
    return "ComponentMetadata[" + owner + ", fields=" + names() + "]";
  }
}
