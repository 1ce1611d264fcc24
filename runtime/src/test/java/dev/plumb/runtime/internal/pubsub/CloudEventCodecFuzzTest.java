package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.runtime.fuzz.Fuzzing;
import dev.plumb.runtime.fuzz.PlumbFuzzTest;

/**
 * Dapr's structured CloudEvents JSON: any bytes decode to an event or fail with {@code
 * SerializationException}, both as delivered and as a publisher supplies them; a decoded event
 * encodes again, and what it encodes to decodes.
 */
class CloudEventCodecFuzzTest {
  @PlumbFuzzTest
  void structuredEvents(byte[] input) {
    Fuzzing.check(
        () -> {
          CloudEvent event = CloudEventCodec.decode(input);
          CloudEventCodec.decode(CloudEventCodec.encode(event));
        });
  }

  @PlumbFuzzTest
  void publisherEvents(byte[] input) {
    Fuzzing.check(
        () -> CloudEventCodec.decode(CloudEventCodec.encode(CloudEventCodec.decodeGiven(input))));
  }
}
