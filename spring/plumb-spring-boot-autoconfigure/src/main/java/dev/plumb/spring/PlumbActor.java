package dev.plumb.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as the implementation of a virtual actor type. Classes so marked in the
 * application's packages (those of {@code @SpringBootApplication}) are found at start-up and
 * registered with Plumb's actor engine; Spring builds one instance per activation, injecting its
 * constructor: an {@code ActorContext} parameter receives the actor's context, every other
 * parameter a bean of the context. It is not a bean itself, so injecting the actor interface gets
 * nothing: call actors through {@code Actors#proxy}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PlumbActor {

  /**
   * Names the interface callers use with {@code Actors#proxy}.
   *
   * @return the actor interface the class implements
   */
  Class<?> value();

  /**
   * Names the actor type.
   *
   * @return the type; empty for the interface's simple name
   */
  String type() default "";
}
