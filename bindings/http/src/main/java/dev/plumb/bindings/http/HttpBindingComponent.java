package dev.plumb.bindings.http;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.DaprValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one HTTP request per invocation, as Dapr's {@code bindings.http} does:
 *
 * <ul>
 *   <li>the operation is the method ({@code create} is {@code POST}); {@code POST}, {@code PUT} and
 *       {@code PATCH} carry the data, with {@code Content-Type: application/json; charset=utf-8}
 *       unless the metadata gives one; {@code Accept} defaults likewise;
 *   <li>the URL is {@code url}, with the request's {@code path} appended after one slash;
 *   <li>request metadata keys that start with a capital letter are headers, as are {@code
 *       traceparent}, {@code tracestate} and {@code baggage}; the security token goes in its
 *       header;
 *   <li>the answer's data is the response body, or none if it is empty (a {@code 204}, a {@code
 *       HEAD});
 *   <li>the answer's metadata is {@code statusCode}, {@code status} ({@code 200 OK}) and the
 *       response headers, named as Go names them ({@code Content-Type}), several values joined by
 *       {@code ", "};
 *   <li>a status outside 2xx is a {@link BindingException} carrying the answer, unless {@code
 *       errorIfNot2XX} is false (per component or per request).
 * </ul>
 *
 * <p>{@code responseTimeout} bounds the whole exchange, body included. A body larger than {@code
 * maxResponseBodySize} fails the call (Dapr silently cuts it): its reading stops at the limit, so a
 * huge body never fills the heap. Thread-safe; the client's work runs on the runtime's blocking
 * executor.
 */
final class HttpBindingComponent implements OutputBindingComponent {
  private static final Set<String> OPERATIONS =
      Set.of("create", "get", "head", "post", "put", "patch", "delete", "options", "trace");
  private static final Set<String> TRACE_KEYS = Set.of("traceparent", "tracestate", "baggage");
  private static final String JSON = "application/json; charset=utf-8";

  private final String name;
  private final String type;
  private final HttpSettings settings;
  private final HttpClient client;
  private final String base;
  private final boolean cleartext;

  HttpBindingComponent(String name, String type, HttpSettings settings, HttpClient client) {
    this.name = name;
    this.type = type;
    this.settings = settings;
    this.client = client;
    this.base = trimEnd(settings.url.toString());
    this.cleartext = settings.url.getScheme().equalsIgnoreCase("http");
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws Exception {
    HttpRequest http = request(request);
    boolean errorIfNot2xx =
        request.metadata("errorIfNot2XX").map(DaprValues::isTruthy).orElse(settings.errorIfNot2xx);
    HttpResponse<byte[]> response;
    try {
      response = exchange(http);
    } catch (TooLarge tooLarge) {
      throw new BindingException(
          name,
          type,
          request.operation()
              + ": the response body is larger than maxResponseBodySize ("
              + settings.maxResponseBodySizeText
              + " = "
              + settings.maxResponseBodySize
              + " bytes)",
          new BindingResponse(null, metadata(tooLarge.status, tooLarge.headers), null));
    }
    byte[] body = response.body();
    BindingResponse answer =
        new BindingResponse(
            body.length == 0 ? null : body,
            metadata(response.statusCode(), response.headers()),
            response.headers().firstValue("content-type").orElse(null));
    int status = response.statusCode();
    if (errorIfNot2xx && status / 100 != 2) {
      throw new BindingException(
          name, type, request.operation() + ": received status code " + status, answer);
    }
    return answer;
  }

  /**
   * Sends the request and reads the body up to the limit: on the calling thread without {@code
   * responseTimeout}, as a plain {@code send} does; with it, asynchronously, so the timeout bounds
   * the body too and cancels the exchange.
   */
  private HttpResponse<byte[]> exchange(HttpRequest http) throws IOException, InterruptedException {
    HttpResponse.BodyHandler<byte[]> limited =
        info -> new LimitedBody(settings.maxResponseBodySize, info);
    if (settings.responseTimeout == null) {
      try {
        return client.send(http, limited);
      } catch (IOException e) {
        // send() wraps what the body subscriber failed with in an IOException of its own.
        if (e.getCause() instanceof TooLarge tooLarge) {
          throw tooLarge;
        }
        throw e;
      }
    }
    CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(http, limited);
    try {
      return exchange.get(settings.responseTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new IOException(
          "no complete response within responseTimeout ("
              + DaprValues.formatDuration(settings.responseTimeout)
              + ")",
          e);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause);
    }
  }

  private HttpRequest request(InvokeRequest request) {
    String op = request.operation();
    if (!OPERATIONS.contains(op)) {
      throw new UnsupportedFeatureException("operation '" + op + "' is not an HTTP method");
    }
    String method = op.equals("create") ? "POST" : op.toUpperCase(Locale.ROOT);
    Map<String, String> md = request.metadata();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(request));
    boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    b.method(
        method,
        body
            ? HttpRequest.BodyPublishers.ofByteArray(request.data())
            : HttpRequest.BodyPublishers.noBody());
    if (cleartext) {
      // Cleartext HTTP/1.1: without this the JDK client asks every server to upgrade to h2c.
      b.version(HttpClient.Version.HTTP_1_1);
    }
    if (body && !md.containsKey("Content-Type")) {
      b.setHeader("Content-Type", JSON);
    }
    if (!md.containsKey("Accept")) {
      b.setHeader("Accept", JSON);
    }
    if (settings.securityToken != null && settings.securityTokenHeader != null) {
      b.setHeader(settings.securityTokenHeader, settings.securityToken);
    }
    for (Map.Entry<String, String> e : md.entrySet()) {
      String key = e.getKey();
      boolean header =
          !key.isEmpty() && key.charAt(0) >= 'A' && key.charAt(0) <= 'Z'
              || TRACE_KEYS.contains(key) && !e.getValue().isEmpty();
      if (header) {
        try {
          b.setHeader(key, e.getValue());
        } catch (IllegalArgumentException ex) {
          throw new InvalidRequestException(
              "operation '"
                  + op
                  + "': request metadata '"
                  + key
                  + "' cannot be sent as a header: "
                  + ex.getMessage(),
              ex);
        }
      }
    }
    return b.build();
  }

  private URI uri(InvokeRequest request) {
    String path = request.metadata("path").orElse(null);
    if (path == null) {
      return settings.url;
    }
    int from = 0;
    while (from < path.length() && path.charAt(from) == '/') {
      from++;
    }
    String joined = base + "/" + path.substring(from);
    try {
      return URI.create(joined);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "operation '"
              + request.operation()
              + "': request metadata 'path' does not make a valid URL: "
              + e.getMessage(),
          e);
    }
  }

  /** The URL without its trailing slashes, where the request's {@code path} is appended. */
  private static String trimEnd(String url) {
    int end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }

  private static Map<String, String> metadata(int status, HttpHeaders headers) {
    Map<String, String> md = new HashMap<>(headers.map().size() + 2);
    for (Map.Entry<String, List<String>> h : headers.map().entrySet()) {
      if (!h.getKey().startsWith(":")) {
        md.put(canonical(h.getKey()), String.join(", ", h.getValue()));
      }
    }
    md.put("statusCode", Integer.toString(status));
    md.put("status", StatusText.status(status));
    return md;
  }

  /** Go's {@code CanonicalMIMEHeaderKey}: {@code content-type} is {@code Content-Type}. */
  static String canonical(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ' ' || c > 127) {
        return key;
      }
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  /** Closes the client where the JDK can (21+), letting requests in flight finish. */
  @Override
  public void close() {
    if (client instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing only waits for exchanges in flight; nothing is left to release.
      }
    }
  }

  @Override
  public String toString() {
    return "HttpBinding["
        + name
        + ", "
        + settings.url.getScheme()
        + "://"
        + settings.url.getHost()
        + "]";
  }

  /** The response's body grew past {@code maxResponseBodySize}. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient HttpHeaders headers;

    TooLarge(HttpResponse.ResponseInfo response) {
      super("the response body is larger than maxResponseBodySize");
      this.status = response.statusCode();
      this.headers = response.headers();
    }
  }

  /** Collects the body up to a limit, and cancels the exchange past it. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private static final byte[] EMPTY = new byte[0];
    private static final long PRESIZE_CAP = 1 << 20;
    private final long limit;
    private final HttpResponse.ResponseInfo info;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] bytes;
    private int size;
    private Flow.Subscription subscription;

    LimitedBody(long limit, HttpResponse.ResponseInfo info) {
      this.limit = limit;
      this.info = info;
      // Sized by Content-Length when the server sends one, so the body is copied once, straight
      // from the client's buffers into the answer; capped, since the header is only a claim.
      long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
      this.bytes = new byte[declared >= 0 ? (int) Math.min(declared, PRESIZE_CAP) : 256];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        int n = b.remaining();
        if (limit > 0 && size + (long) n > limit || size + (long) n > Integer.MAX_VALUE - 8) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge(info));
          return;
        }
        if (size + n > bytes.length) {
          long grown = Math.max(size + (long) n, Math.max(256, 2L * bytes.length));
          bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, grown));
        }
        b.get(bytes, size, n);
        size += n;
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(
          size == 0 ? EMPTY : size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
    }
  }
}
