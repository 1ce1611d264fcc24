package dev.plumb.testkit.engine;

import java.util.List;

/** The user API of {@link ProbeModule}'s engine: what it saw of the runtime. */
public interface Probe {

  /** Writes a value into a state component through the component's outbound invoker. */
  void write(String component, String key, byte[] value);

  /** The topics of the {@code Subscription} documents the engine read. */
  List<String> subscribedTopics();

  /** How often the engine's periodic task ran, and at which instants. */
  List<String> ticks();

  /** The lifecycle calls the engine received, in order. */
  List<String> lifecycle();
}
