package dev.plumb.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * A Spring Boot test of the application's context with every state store, pub/sub, lock store and
 * configuration store replaced by its in-memory twin (the other components stay as configured), the
 * runtime's timers on a {@link dev.plumb.testkit.TestScheduler} that only moves when the test
 * advances it, and a {@link PlumbTestHelper} bean to publish, await deliveries and read dead
 * letters. No server runs.
 *
 * <pre>{@code
 * @PlumbTest
 * class OrdersTest {
 *   @Autowired PlumbTestHelper plumb;
 *   @Test void delivers() {
 *     plumb.publish("orders", new Order("o-1"));
 *     plumb.awaitDelivered("orders", 1);
 *   }
 * }
 * }</pre>
 *
 * <p>When two state stores exist, name the one that hosts actors with {@code
 * plumb.test.actor-state-store}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@TestPropertySource(properties = "plumb.test.replace=in-memory")
@Import(PlumbTestConfiguration.class)
public @interface PlumbTest {

  /**
   * Adds properties to the test's environment, as {@link SpringBootTest#properties()}.
   *
   * @return {@code key=value} pairs
   */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};

  /**
   * Chooses the web environment, as {@link SpringBootTest#webEnvironment()}.
   *
   * @return the web environment; a mock one by default
   */
  @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
  SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;
}
