package dev.plumb.runtime.internal.memory;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;

/**
 * Provides {@code pubsub.in-memory}: a broker inside this JVM, shared by every component of the
 * same name (so two {@code Plumb} instances in one JVM, a publisher app and a subscriber app, talk
 * through it), with Dapr's consumer groups ({@code consumerID}, defaulting to the app id) and
 * at-least-once delivery within the JVM. Metadata: {@code consumerID}; {@code bufferSize}, the most
 * messages a consumer group holds before publishing waits (default {@value
 * InMemoryPubSubComponent#DEFAULT_BUFFER_SIZE}). Listed in {@code META-INF/services}.
 */
public final class InMemoryPubSubProvider implements ComponentProvider<PubSubComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public InMemoryPubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.in-memory";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  @Override
  public PubSubComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    String consumerId = md.getString("consumerID", "");
    int bufferSize = md.getInt("bufferSize", InMemoryPubSubComponent.DEFAULT_BUFFER_SIZE);
    if (bufferSize <= 0) {
      md.addProblem("metadata 'bufferSize': expected a positive number, got " + bufferSize);
    }
    md.validate();
    return new InMemoryPubSubComponent(context.name(), consumerId, bufferSize, context.scheduler());
  }
}
