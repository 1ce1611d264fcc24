package dev.plumb.runtime.internal.resources;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The warnings of one build: each is logged through SLF4J and kept, so that an application without
 * a logging binding can still read them (from {@code Plumb.warnings()}, or as suppressed exceptions
 * of the {@code ConfigurationException} of a failed build). Thread-safe.
 */
public final class Warnings {
  private final List<String> messages = new ArrayList<>();

  /**
   * Logs and keeps a warning.
   *
   * @param log the logger of the class that found it
   * @param message the warning, naming file, line and field; never a secret value
   */
  public void add(Logger log, String message) {
    log.warn("{}", message);
    synchronized (messages) {
      messages.add(message);
    }
  }

  /**
   * Returns the warnings so far.
   *
   * @return an immutable copy, in the order found
   */
  public List<String> list() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /**
   * Adds every warning so far to a failure, as a suppressed {@link PlumbWarning} each.
   *
   * @param failure the exception the build throws
   */
  public void attachTo(Throwable failure) {
    for (String message : list()) {
      failure.addSuppressed(new PlumbWarning(message));
    }
  }
}
