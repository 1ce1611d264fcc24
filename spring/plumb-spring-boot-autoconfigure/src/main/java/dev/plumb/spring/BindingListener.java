package dev.plumb.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean method the handler of an input binding (a cron, a queue, ...). The binding starts
 * reading when the application context has started and stops, draining events in flight, before the
 * web server stops.
 *
 * <p>The method takes a {@code BindingEvent}, a {@code byte[]} or a {@code String} (the data as
 * UTF-8). What it returns goes back to the binding as the response, if the binding has one; a
 * thrown exception tells the binding that the event failed.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BindingListener {

  /**
   * Names the input binding.
   *
   * @return its {@code metadata.name}
   */
  String value();
}
