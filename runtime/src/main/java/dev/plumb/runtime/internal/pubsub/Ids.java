package dev.plumb.runtime.internal.pubsub;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version 4 UUIDs for event ids, from {@link ThreadLocalRandom}: unique enough for ids and
 * without the lock and entropy cost of {@link UUID#randomUUID()}, which a publish or a raw-payload
 * delivery would pay per event. Not for secrets.
 */
final class Ids {
  private Ids() {}

  /**
   * Returns a new random UUID in its canonical text form.
   *
   * @return 36 characters
   */
  static String uuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
