package dev.plumb.bindings.redis;

import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.RequestMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Dapr's Redis binding operations on the key named by the request's {@code key}:
 *
 * <ul>
 *   <li>{@code create}: {@code SET} the data, with the request's {@code ttlInSeconds} (or {@code
 *       ttl}) as its expiry in the same command, so a key never exists without its TTL;
 *   <li>{@code get}: the value, or no data if the key does not exist; with request metadata {@code
 *       delete=true}, {@code GETDEL};
 *   <li>{@code delete}: {@code DEL};
 *   <li>{@code increment}: {@code INCR}, and the TTL if one is given, in one script; answers the
 *       new value (Dapr answers nothing).
 * </ul>
 *
 * Thread-safe.
 */
final class RedisBindingComponent implements OutputBindingComponent {
  private static final Set<String> OPERATIONS = Set.of("create", "get", "delete", "increment");
  private static final String INCREMENT =
      "local v = redis.call('INCR', KEYS[1]) "
          + "if ARGV[1] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
          + "return v";

  private final UnifiedJedis client;

  RedisBindingComponent(UnifiedJedis client) {
    this.client = client;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public void ping() {
    client.ping();
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) {
    String op = request.operation();
    if (!OPERATIONS.contains(op)) {
      throw new UnsupportedFeatureException("operation '" + op + "' is not supported");
    }
    String key = request.requireMetadata("key");
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    switch (op) {
      case "create" -> {
        Optional<Duration> ttl = ttl(request);
        SetParams params = new SetParams();
        ttl.ifPresent(d -> params.px(d.toMillis()));
        client.set(k, request.data(), params);
        return BindingResponse.EMPTY;
      }
      case "get" -> {
        byte[] value =
            "true".equals(request.metadata().get("delete")) ? client.getDel(k) : client.get(k);
        return value == null ? BindingResponse.EMPTY : new BindingResponse(value, Map.of(), null);
      }
      case "delete" -> {
        client.del(k);
        return BindingResponse.EMPTY;
      }
      default -> {
        String millis = ttl(request).map(d -> Long.toString(d.toMillis())).orElse("");
        Object v = client.eval(INCREMENT, List.of(key), List.of(millis));
        return new BindingResponse(
            String.valueOf(v).getBytes(StandardCharsets.UTF_8), Map.of(), "text/plain");
      }
    }
  }

  /** The request's TTL; zero (which Dapr turns into an immediate expiry) means none. */
  private static Optional<Duration> ttl(InvokeRequest request) {
    return RequestMetadata.ttl(request.metadata()).filter(d -> !d.isZero());
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "RedisBinding";
  }
}
