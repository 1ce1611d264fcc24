package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.pubsub.TopicForbiddenException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A pub/sub component's topic scopes for one app, read as Dapr reads them ({@code pkg/scopes} and
 * {@code IsOperationAllowed}): {@code allowedTopics} ({@code t1,t2}) limits the topics anyone may
 * use; {@code protectedTopics} are usable only by apps granted them explicitly; {@code
 * publishingScopes} and {@code subscriptionScopes} ({@code app1=t1,t2;app2=t3}) grant an app its
 * topics, and an app listed there may use no others ({@code app1=} grants none). Spaces are
 * ignored. Immutable.
 */
final class TopicScopes {
  private final String pubsubName;
  private final String appId;
  private final Set<String> allowed;
  private final Set<String> protectedTopics;
  private final Set<String> publishing;
  private final Set<String> subscribing;

  private TopicScopes(
      String pubsubName,
      String appId,
      Set<String> allowed,
      Set<String> protectedTopics,
      Set<String> publishing,
      Set<String> subscribing) {
    this.pubsubName = pubsubName;
    this.appId = appId;
    this.allowed = allowed;
    this.protectedTopics = protectedTopics;
    this.publishing = publishing;
    this.subscribing = subscribing;
  }

  /**
   * Reads the scopes of a component for an app.
   *
   * @param pubsubName the component's name, for messages
   * @param appId the app id
   * @param metadata the component's metadata
   * @return the scopes
   */
  static TopicScopes read(String pubsubName, String appId, ComponentMetadata metadata) {
    return new TopicScopes(
        pubsubName,
        appId,
        topics(metadata.getString("allowedTopics").orElse("")),
        topics(metadata.getString("protectedTopics").orElse("")),
        scoped(metadata.getString("publishingScopes").orElse(""), appId),
        scoped(metadata.getString("subscriptionScopes").orElse(""), appId));
  }

  private static Set<String> topics(String value) {
    Set<String> out = new LinkedHashSet<>();
    String v = value.replace(" ", "");
    if (!v.isEmpty()) {
      out.addAll(List.of(v.split(",", -1)));
    }
    return Set.copyOf(out);
  }

  private static Set<String> scoped(String value, String appId) {
    Set<String> out = new LinkedHashSet<>();
    String v = value.replace(" ", "");
    if (v.isEmpty()) {
      return Set.of();
    }
    for (String app : v.split(";", -1)) {
      String[] parts = app.split("=", -1);
      if (parts.length < 2 || !parts[0].equals(appId)) {
        continue;
      }
      out.addAll(List.of(parts[1].split(",", -1)));
    }
    return Set.copyOf(out);
  }

  /**
   * Checks that the app may publish to a topic.
   *
   * @param topic the topic
   * @throws TopicForbiddenException if the scopes deny it
   */
  void checkPublish(String topic) {
    if (!allowed(topic, publishing)) {
      throw forbidden("publishing to", topic, "publishingScopes");
    }
  }

  /**
   * Checks that the app may subscribe to a topic.
   *
   * @param topic the topic
   * @throws TopicForbiddenException if the scopes deny it
   */
  void checkSubscribe(String topic) {
    if (!allowed(topic, subscribing)) {
      throw forbidden("subscribing to", topic, "subscriptionScopes");
    }
  }

  private boolean allowed(String topic, Set<String> scoped) {
    if (!allowed.isEmpty() && !allowed.contains(topic)) {
      return false;
    }
    if (!protectedTopics.contains(topic) && scoped.isEmpty()) {
      return true;
    }
    return scoped.contains(topic);
  }

  private TopicForbiddenException forbidden(String what, String topic, String field) {
    return new TopicForbiddenException(
        "pub/sub component '"
            + pubsubName
            + "': "
            + what
            + " topic '"
            + topic
            + "' is not allowed for app id '"
            + appId
            + "' by its metadata allowedTopics, protectedTopics or "
            + field);
  }
}
