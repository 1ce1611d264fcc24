package dev.plumb.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean as the implementation of activity interfaces: every abstract method of each
 * interface named is registered as an activity, named after the method, as {@code
 * ActivityDefinition.allOf} registers it, so workflow code calls it through {@code
 * ctx.activities(Payments.class)}. Put it on the bean's class (with {@code @Component} or a
 * {@code @Bean} method) or on its {@code @Bean} method; it does not make a bean by itself.
 *
 * <p>The bean is fetched from the context on the first call of one of its methods, so it may inject
 * components, {@code Actors} or any other bean; one instance serves all calls, concurrently. The
 * start fails with a {@code ConfigurationException} naming the bean, the interface and the method
 * when the bean does not implement an interface named, a method does not fit (more than one
 * argument, overloaded, a {@code Task} result, a type variable), or two beans name the same
 * interface.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PlumbActivities {

  /**
   * Names the activity interfaces the bean implements.
   *
   * @return one interface or more
   */
  Class<?>[] value();
}
