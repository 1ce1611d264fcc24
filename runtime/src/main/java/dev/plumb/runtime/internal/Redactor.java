package dev.plumb.runtime.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secret values out of messages: every secret value, and every part of one that is at least
 * {@value #MIN_FRAGMENT} characters long, is replaced with {@code ***}, so that a driver quoting
 * half of a connection string (a password cut at a space, a host name) leaks nothing either.
 * Exceptions are redacted through their whole cause chain: a chain that quotes a secret is replaced
 * by copies that keep each exception's type name, redacted message and stack trace. Immutable;
 * thread-safe.
 */
public final class Redactor {
  /** The shortest part of a secret that is redacted on its own. */
  public static final int MIN_FRAGMENT = 4;

  private static final int MAX_CHAIN = 16;
  private static final Redactor NONE = new Redactor(List.of());

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * Creates a redactor of some secret values.
   *
   * @param secrets the values; blank ones and {@code null}s are ignored
   * @return the redactor
   */
  public static Redactor of(Collection<String> secrets) {
    Set<String> kept = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s != null && !s.isBlank()) {
        kept.add(s);
      }
    }
    return kept.isEmpty() ? NONE : new Redactor(List.copyOf(kept));
  }

  /**
   * Returns a redactor that changes nothing.
   *
   * @return the redactor
   */
  public static Redactor none() {
    return NONE;
  }

  /**
   * Redacts a text.
   *
   * @param text the text, or {@code null}
   * @return the text with every secret and every part of one of at least {@value #MIN_FRAGMENT}
   *     characters replaced with {@code ***}; {@code null} for {@code null}
   */
  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      out = redactOne(out, secret);
    }
    return out;
  }

  private static String redactOne(String text, String secret) {
    if (secret.length() < MIN_FRAGMENT) {
      return text.replace(secret, "***");
    }
    StringBuilder out = null;
    int i = 0;
    int copied = 0;
    while (i + MIN_FRAGMENT <= text.length()) {
      int length = 0;
      // Grow the longest stretch of the text, from i, that appears somewhere in the secret.
      while (i + length < text.length() && secret.contains(text.substring(i, i + length + 1))) {
        length++;
      }
      if (length >= MIN_FRAGMENT && !text.substring(i, i + length).isBlank()) {
        out = out == null ? new StringBuilder(text.length()) : out;
        out.append(text, copied, i).append("***");
        i += length;
        copied = i;
      } else {
        i++;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * Tells whether a text holds a secret or a part of one.
   *
   * @param text the text, or {@code null}
   * @return {@code true} if {@link #redact} would change it
   */
  public boolean leaks(String text) {
    return text != null && !text.equals(redact(text));
  }

  /**
   * Redacts an exception chain.
   *
   * @param t the exception, or {@code null}
   * @return {@code t} itself if no message of its chain (and of their suppressed exceptions) holds
   *     a secret; otherwise a chain of {@link RedactedException}s mirroring it
   */
  public Throwable redact(Throwable t) {
    if (t == null || secrets.isEmpty() || !leaksAnywhere(t, new IdentityHashMap<>(), 0)) {
      return t;
    }
    return copy(t, new IdentityHashMap<>(), 0);
  }

  private boolean leaksAnywhere(Throwable t, Map<Throwable, Boolean> seen, int depth) {
    if (t == null || depth > MAX_CHAIN || seen.put(t, Boolean.TRUE) != null) {
      return false;
    }
    if (leaks(t.getMessage()) || leaks(t.toString())) {
      return true;
    }
    for (Throwable s : t.getSuppressed()) {
      if (leaksAnywhere(s, seen, depth + 1)) {
        return true;
      }
    }
    return leaksAnywhere(t.getCause(), seen, depth + 1);
  }

  private Throwable copy(Throwable t, Map<Throwable, Throwable> copies, int depth) {
    Throwable done = copies.get(t);
    if (done != null) {
      return done;
    }
    RedactedException copy = new RedactedException(t.getClass().getName(), redact(t.getMessage()));
    copy.setStackTrace(t.getStackTrace());
    copies.put(t, copy);
    if (depth < MAX_CHAIN && t.getCause() != null) {
      copy.initCause(copy(t.getCause(), copies, depth + 1));
    }
    List<Throwable> suppressed = new ArrayList<>(List.of(t.getSuppressed()));
    for (Throwable s : suppressed) {
      copy.addSuppressed(copy(s, copies, depth + 1));
    }
    return copy;
  }

  /**
   * Stands for an exception whose message quoted a secret: same type name and stack trace, message
   * redacted.
   */
  public static final class RedactedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String originalType;

    RedactedException(String originalType, String redactedMessage) {
      super(redactedMessage);
      this.originalType = originalType;
    }

    /**
     * Returns the class name of the exception this one stands for.
     *
     * @return for example {@code java.net.UnknownHostException}
     */
    public String originalType() {
      return originalType;
    }

    @Override
    public String toString() {
      String m = getMessage();
      return originalType + " (redacted)" + (m == null ? "" : ": " + m);
    }
  }
}
