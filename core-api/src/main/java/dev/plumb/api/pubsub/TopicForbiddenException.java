package dev.plumb.api.pubsub;

import dev.plumb.api.PlumbException;

/**
 * The component's topic scopes ({@code publishingScopes}, {@code subscriptionScopes}, {@code
 * allowedTopics}, {@code protectedTopics}) deny this app the topic. Nothing was published or
 * subscribed. Dapr: {@code ERR_PUBSUB_FORBIDDEN}, HTTP 403.
 */
public final class TopicForbiddenException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message {@code topic orders is not allowed for app id checkout}
   */
  public TopicForbiddenException(String message) {
    super(message);
  }
}
