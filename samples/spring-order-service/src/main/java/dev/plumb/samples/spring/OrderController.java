package dev.plumb.samples.spring;

import dev.plumb.api.actors.Actors;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.samples.spring.Orders.Order;
import dev.plumb.samples.spring.Orders.OrderRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The REST API: orders with their ETags, and the customers' carts. */
@RestController
class OrderController {
  private final OrderService orders;
  private final Actors actors;

  OrderController(OrderService orders, Actors actors) {
    this.orders = orders;
    this.actors = actors;
  }

  @PostMapping("/orders")
  ResponseEntity<Order> place(@RequestBody OrderRequest request) {
    if (request.customer() == null || request.customer().isBlank() || request.items() == null) {
      return ResponseEntity.badRequest().build();
    }
    Order order = orders.place(request);
    return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
  }

  @GetMapping("/orders/{id}")
  ResponseEntity<Order> get(@PathVariable String id) {
    return orders
        .find(id)
        .map(item -> ResponseEntity.ok().eTag(quoted(item.etag())).body(item.value()))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  /** Cancels an order if it is unchanged since the client read it ({@code If-Match}). */
  @PostMapping("/orders/{id}/cancel")
  ResponseEntity<Order> cancel(@PathVariable String id, @RequestHeader("If-Match") String ifMatch) {
    if (orders.find(id).isEmpty()) {
      return ResponseEntity.notFound().build();
    }
    try {
      return ResponseEntity.ok(
          orders.update(id, ETag.of(unquoted(ifMatch)), o -> o.withStatus(Orders.CANCELLED)));
    } catch (ETagMismatchException e) {
      return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).build();
    }
  }

  @GetMapping("/carts/{customer}")
  List<String> cart(@PathVariable String customer) {
    return actors.proxy(Cart.class, customer).orders();
  }

  private static String quoted(ETag etag) {
    return "\"" + etag.value() + "\"";
  }

  private static String unquoted(String header) {
    return header.startsWith("\"") && header.endsWith("\"") && header.length() > 1
        ? header.substring(1, header.length() - 1)
        : header;
  }
}
