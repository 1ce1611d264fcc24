package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.SerializationException;
import dev.plumb.api.Serializer;
import dev.plumb.api.pubsub.BulkEntry;
import dev.plumb.api.pubsub.BulkTopicHandler;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.TopicEvent;
import dev.plumb.api.pubsub.TopicHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A handler bound to a path: a single-event or a batch handler with the payload type its events are
 * decoded to. Immutable.
 *
 * @param path the path
 * @param type the payloads' type
 * @param single the single-event handler, or {@code null}
 * @param bulk the batch handler, or {@code null}
 */
record Binding(String path, Class<?> type, TopicHandler<?> single, BulkTopicHandler<?> bulk) {

  Binding {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    if ((single == null) == (bulk == null)) {
      throw new IllegalArgumentException("exactly one handler");
    }
  }

  /**
   * Tells whether this binding takes batches.
   *
   * @return {@code true} for a {@link BulkTopicHandler}
   */
  boolean isBulk() {
    return bulk != null;
  }

  /**
   * Builds the event a handler of this binding receives.
   *
   * @param event the envelope
   * @param metadata the broker's message metadata
   * @param serializer decodes payloads
   * @return the typed event
   * @throws SerializationException if the payload cannot be read as the binding's type
   */
  TopicEvent<Object> event(CloudEvent event, Map<String, String> metadata, Serializer serializer) {
    return new TopicEvent<>(data(event, serializer), event, metadata);
  }

  private Object data(CloudEvent event, Serializer serializer) {
    if (type == CloudEvent.class) {
      return event;
    }
    byte[] data = event.data();
    if (type == byte[].class) {
      return data;
    }
    boolean json = CloudEventCodec.isJson(event.datacontenttype());
    if (type == String.class && !(json && data.length > 0 && data[0] == '"')) {
      return new String(data, StandardCharsets.UTF_8);
    }
    if (data.length == 0) {
      return null;
    }
    try {
      return serializer.deserialize(data, type);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "cannot read the payload of event "
              + event.id()
              + " as "
              + type.getName()
              + " (content type "
              + event.datacontenttype()
              + ")",
          e);
    }
  }

  /**
   * Calls the single-event handler.
   *
   * @param event the typed event
   * @return the handler's answer, {@code null} meaning success
   * @throws Exception what the handler threw
   */
  @SuppressWarnings("unchecked")
  DeliveryResult handle(TopicEvent<Object> event) throws Exception {
    return ((TopicHandler<Object>) single).handle(event);
  }

  /**
   * Calls the batch handler.
   *
   * @param entries the entries
   * @return the handler's answers by entry id
   * @throws Exception what the handler threw
   */
  @SuppressWarnings("unchecked")
  Map<String, DeliveryResult> handle(List<BulkEntry<Object>> entries) throws Exception {
    return ((BulkTopicHandler<Object>) bulk).handle(entries);
  }
}
