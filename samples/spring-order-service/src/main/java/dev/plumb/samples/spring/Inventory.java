package dev.plumb.samples.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** An application service the cart actor uses: counts reserved items. */
@Component
public class Inventory {
  private final Map<String, AtomicInteger> reserved = new ConcurrentHashMap<>();

  void reserve(String item) {
    reserved.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Tells how many of an item are reserved.
   *
   * @param item the item
   * @return the count
   */
  public int reserved(String item) {
    AtomicInteger n = reserved.get(item);
    return n == null ? 0 : n.get();
  }
}
