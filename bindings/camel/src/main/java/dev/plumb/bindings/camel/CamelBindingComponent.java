package dev.plumb.bindings.camel;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.ReadHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Language;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Camel binding on the shared {@link CamelContext}:
 *
 * <ul>
 *   <li>an output operation builds a message whose body is the data and whose headers are the
 *       request metadata, plus {@value #OPERATION_HEADER}; {@code InOnly} sends it and answers
 *       nothing, {@code InOut} answers the reply's body (see {@link BodyBytes}) and headers (those
 *       convertible to text), {@code Poll} receives one message from the endpoint instead (no data
 *       when none comes within {@code pollTimeout}). An exchange that failed is the call's failure;
 *   <li>reading adds a route from {@code inputUri} whose processor hands each message to the
 *       runtime, body as bytes ({@link BodyBytes}) and headers as metadata; the handler's reply
 *       becomes the body of an {@code InOut} exchange; a handler's failure fails the exchange, so
 *       the endpoint's own error handling applies (a file stays to be read again, a JMS message
 *       rolls back). Closing the reader stops and removes the route, letting the exchanges in it
 *       finish.
 * </ul>
 *
 * <p>URIs may hold {@code ${...}} expressions of Camel's simple language, evaluated on each
 * request's message. Thread-safe.
 */
final class CamelBindingComponent implements InputOutputBindingComponent {
  /** The header naming the binding operation of an output message. */
  static final String OPERATION_HEADER = "PlumbOperation";

  private static final Logger LOG = LoggerFactory.getLogger(CamelBindingComponent.class);

  private final String name;
  private final CamelSettings settings;
  private final CamelContext camel;
  private final Runnable onClose;
  private final ProducerTemplate producer;
  private final ConsumerTemplate consumer;
  private final Language simple;
  private final AtomicBoolean closed = new AtomicBoolean();

  CamelBindingComponent(String name, CamelSettings settings, CamelContext camel, Runnable onClose) {
    this.name = name;
    this.settings = settings;
    this.camel = camel;
    this.onClose = onClose;
    this.producer = camel.createProducerTemplate();
    this.consumer = camel.createConsumerTemplate();
    this.simple = camel.resolveLanguage("simple");
  }

  /** Resolves every endpoint that holds no expression, so a wrong URI fails the build. */
  void checkEndpoints(String owner) {
    for (Map.Entry<String, CamelSettings.Operation> e : settings.operations.entrySet()) {
      check(owner, "operation '" + e.getKey() + "'", e.getValue().uri());
    }
    if (settings.inputUri != null) {
      check(owner, "inputUri", settings.inputUri);
    }
  }

  private void check(String owner, String what, String uri) {
    if (uri.contains("${")) {
      return;
    }
    try {
      camel.getEndpoint(uri);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          owner + ": the endpoint of " + what + " does not resolve: " + e.getMessage(), e);
    }
  }

  @Override
  public Set<String> operations() {
    return settings.operations.keySet();
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws Exception {
    CamelSettings.Operation op = settings.operations.get(request.operation());
    if (op == null) {
      throw new UnsupportedFeatureException(
          "operation '" + request.operation() + "' is not listed in metadata 'operations'");
    }
    String uri = uri(request, op.uri());
    if (op.mode() == CamelSettings.Mode.POLL) {
      return poll(uri);
    }
    ExchangePattern pattern =
        op.mode() == CamelSettings.Mode.IN_ONLY ? ExchangePattern.InOnly : ExchangePattern.InOut;
    Exchange done = producer.send(uri, pattern, exchange -> fill(exchange.getMessage(), request));
    if (done.getException() != null) {
      throw done.getException();
    }
    return pattern == ExchangePattern.InOnly ? BindingResponse.EMPTY : answer(done.getMessage());
  }

  private static void fill(Message message, InvokeRequest request) {
    message.setBody(request.data());
    request.metadata().forEach(message::setHeader);
    message.setHeader(OPERATION_HEADER, request.operation());
  }

  /** Evaluates the URI's expressions on a message of the request, as Camel's toD does. */
  private String uri(InvokeRequest request, String uri) {
    if (!uri.contains("${")) {
      return uri;
    }
    Exchange draft = new DefaultExchange(camel);
    fill(draft.getMessage(), request);
    try {
      return simple.createExpression(uri).evaluate(draft, String.class);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(
          "operation '"
              + request.operation()
              + "': its endpoint URI cannot be evaluated on the request: "
              + e.getMessage(),
          e);
    }
  }

  private BindingResponse poll(String uri) throws Exception {
    Exchange got = consumer.receive(uri, settings.pollTimeout.toMillis());
    if (got == null) {
      return BindingResponse.EMPTY;
    }
    try {
      if (got.getException() != null) {
        throw got.getException();
      }
      return answer(got.getMessage());
    } finally {
      consumer.doneUoW(got);
    }
  }

  private BindingResponse answer(Message message) {
    return new BindingResponse(BodyBytes.of(message), headers(message), null);
  }

  private Map<String, String> headers(Message message) {
    Map<String, String> md = new HashMap<>();
    for (Map.Entry<String, Object> h : message.getHeaders().entrySet()) {
      Object v = h.getValue();
      String text =
          v == null
              ? null
              : camel.getTypeConverter().tryConvertTo(String.class, message.getExchange(), v);
      if (text != null) {
        md.put(h.getKey(), text);
      }
    }
    return md;
  }

  @Override
  public Subscription read(ReadHandler handler) throws Exception {
    if (settings.inputUri == null) {
      throw new InvalidRequestException(
          "bindings.camel '" + name + "' has no metadata 'inputUri': nothing to read");
    }
    String routeId = "plumb-" + name + "-" + UUID.randomUUID();
    camel.addRoutes(
        new RouteBuilder(camel) {
          @Override
          public void configure() {
            from(settings.inputUri)
                .routeId(routeId)
                .process(exchange -> deliver(handler, exchange));
          }
        });
    LOG.debug("camel binding '{}': route {} from {}", name, routeId, settings.inputUri);
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.compareAndSet(true, false)) {
        try {
          camel.getRouteController().stopRoute(routeId);
          camel.removeRoute(routeId);
        } catch (Exception e) {
          LOG.warn("camel binding '{}': stopping route {} failed: {}", name, routeId, e.toString());
        }
      }
    };
  }

  private void deliver(ReadHandler handler, Exchange exchange) throws Exception {
    Message in = exchange.getMessage();
    byte[] data = BodyBytes.of(in);
    byte[] reply =
        handler.handle(
            new BindingEvent(
                data == null ? new byte[0] : data,
                headers(in),
                in.getHeader(Exchange.CONTENT_TYPE, String.class)));
    if (exchange.getPattern().isOutCapable()) {
      exchange.getMessage().setBody(reply);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        producer.close();
        consumer.close();
      } catch (Exception e) {
        LOG.debug("camel binding '{}': closing templates: {}", name, e.toString());
      } finally {
        onClose.run();
      }
    }
  }

  @Override
  public String toString() {
    return "CamelBinding[" + name + "]";
  }
}
