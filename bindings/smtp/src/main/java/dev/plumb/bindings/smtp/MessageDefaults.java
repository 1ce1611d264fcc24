package dev.plumb.bindings.smtp;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * A message's envelope fields: the component's defaults, each replaced by a non-empty request
 * metadata value of the same name, as Dapr's {@code mergeWithRequestMetadata}. Immutable.
 */
record MessageDefaults(
    String emailFrom,
    String emailTo,
    String emailCc,
    String emailBcc,
    String subject,
    int priority) {

  static final int DEFAULT_PRIORITY = 3;

  static MessageDefaults read(ComponentMetadata md) {
    int priority = md.getInt("priority", DEFAULT_PRIORITY);
    if (priority < 1 || priority > 5) {
      md.addProblem(
          "metadata 'priority' must be between 1 (highest) and 5 (lowest), got " + priority);
    }
    return new MessageDefaults(
        md.getString("emailFrom").orElse(null),
        md.getString("emailTo").orElse(null),
        md.getString("emailCC").orElse(null),
        md.getString("emailBCC").orElse(null),
        md.getString("subject").orElse(null),
        priority);
  }

  /** This message's fields; throws naming the field a request leaves out or gets wrong. */
  MessageDefaults merge(String operation, Map<String, String> request) {
    MessageDefaults m =
        new MessageDefaults(
            pick(request, "emailFrom", emailFrom),
            pick(request, "emailTo", emailTo),
            pick(request, "emailCC", emailCc),
            pick(request, "emailBCC", emailBcc),
            pick(request, "subject", subject),
            priority(operation, request));
    require(operation, "emailFrom", m.emailFrom);
    require(operation, "emailTo", m.emailTo);
    require(operation, "subject", m.subject);
    return m;
  }

  private static String pick(Map<String, String> request, String key, String fallback) {
    String v = request.get(key);
    return v == null || v.isEmpty() ? fallback : v;
  }

  private int priority(String operation, Map<String, String> request) {
    Optional<String> v = Optional.ofNullable(request.get("priority")).filter(s -> !s.isEmpty());
    if (v.isEmpty()) {
      return priority;
    }
    int p;
    try {
      p = Integer.parseInt(v.get().trim());
    } catch (NumberFormatException e) {
      throw invalid(
          operation, "request metadata 'priority' must be an integer, got '" + v.get() + "'");
    }
    if (p < 1 || p > 5) {
      throw invalid(
          operation,
          "request metadata 'priority' must be between 1 (highest) and 5 (lowest), got " + p);
    }
    return p;
  }

  private static void require(String operation, String key, String value) {
    if (value == null) {
      throw invalid(
          operation,
          "'" + key + "' is required: set it in the request metadata or the component's metadata");
    }
  }

  static InvalidRequestException invalid(String operation, String message) {
    return new InvalidRequestException("operation '" + operation + "': " + message);
  }
}
