package dev.plumb.spring;

import dev.plumb.runtime.Plumb;

/**
 * Changes the {@link Plumb.Builder} of the application's runtime after the {@code plumb.*}
 * properties are applied and before it builds: components built in code, a provider, a scheduler,
 * actor options. Declare it as a bean; several run in {@code @Order}.
 */
@FunctionalInterface
public interface PlumbBuilderCustomizer {

  /**
   * Changes the builder.
   *
   * @param builder the builder; {@code deferStart()} is already set
   */
  void customize(Plumb.Builder builder);
}
