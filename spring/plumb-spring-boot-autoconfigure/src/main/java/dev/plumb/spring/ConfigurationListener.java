package dev.plumb.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method the handler of a configuration store's changes. The subscription opens when
 * the application context has started (after the runtime) and closes when it stops, before the
 * runtime drains.
 *
 * <p>The method takes one {@code dev.plumb.api.configuration.ConfigurationUpdate}: the
 * subscription's id and the changed keys with their new items (a deleted key maps to an empty
 * item). As in Dapr, only changes arrive, never the current values: read those from the {@code
 * ConfigurationStore} bean. Calls come on a runtime thread, one update at a time per method; a
 * thrown exception is retried under the component's inbound resiliency policy, if any, then logged
 * and the update dropped.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConfigurationListener {

  /**
   * Names the configuration store.
   *
   * @return its {@code metadata.name}; empty for the only configuration store of the runtime
   */
  String store() default "";

  /**
   * Names the keys to watch ({@code ${...}} placeholders resolve).
   *
   * @return the keys; none for every key, including keys added later
   */
  String[] keys() default {};
}
