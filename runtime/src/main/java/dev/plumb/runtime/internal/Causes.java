package dev.plumb.runtime.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Describes a failure with everything its cause chain says, once, for messages. */
public final class Causes {
  private static final int MAX_CHAIN = 8;

  private Causes() {}

  /**
   * Describes an exception and its causes: the first message, then each cause that adds something
   * ({@code Failed to create socket. (caused by UnknownHostException: no-such-host)}). A cause
   * whose message its effect already quotes is left out, so that wrappers that repeat their cause's
   * text (as the AWS SDK does) read once.
   *
   * @param t the exception; not {@code null}
   * @return the description; never empty
   */
  public static String describe(Throwable t) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> parts = new ArrayList<>();
    String said = "";
    Throwable current = t;
    for (int depth = 0; current != null && depth < MAX_CHAIN && seen.add(current); depth++) {
      String message = current.getMessage();
      String part =
          message == null || message.isBlank()
              ? current.getClass().getSimpleName()
              : depth == 0 ? message : current.getClass().getSimpleName() + ": " + message;
      if (depth == 0 || message == null || !said.contains(message.strip())) {
        if (depth > 0 && message == null && !parts.isEmpty()) {
          // A cause without a message adds only its type: worth it for the root alone.
          if (current.getCause() != null) {
            current = current.getCause();
            continue;
          }
        }
        parts.add(part);
        said = said + " " + part;
      }
      current = current.getCause();
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return parts.get(0) + " (caused by " + String.join("; ", parts.subList(1, parts.size())) + ")";
  }
}
