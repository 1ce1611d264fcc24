package dev.plumb.samples.spring;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The order service of the Dapr article as a Spring Boot application on Plumb: {@code POST /orders}
 * saves the order (first write by ETag) and publishes it to {@code orders}; a {@code @Topic}
 * subscriber schedules the order workflow for valid orders (check out of the customer's cart actor,
 * then confirm; {@link OrderWorkflow}) and drops invalid ones to {@code orders-dlq}, whose
 * subscriber marks them rejected.
 *
 * <p>{@code --sample.demo=true} starts on a free port, places one order over HTTP, waits for it to
 * be confirmed, prints the result and exits.
 */
@SpringBootApplication
public class OrderServiceApp {

  /**
   * Runs the service.
   *
   * @param args Spring arguments; {@code --sample.demo=true} for the self-checking demo
   */
  public static void main(String[] args) {
    boolean demo = Arrays.asList(args).contains("--sample.demo=true");
    String[] all = args;
    if (demo) {
      all = Arrays.copyOf(args, args.length + 1);
      all[args.length] = "--server.port=0";
    }
    ConfigurableApplicationContext context = SpringApplication.run(OrderServiceApp.class, all);
    if (demo) {
      System.exit(SpringApplication.exit(context));
    }
  }
}
