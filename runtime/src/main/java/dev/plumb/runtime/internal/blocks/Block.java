package dev.plumb.runtime.internal.blocks;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.resources.Resources;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One building block, described once: how its components are recognised, named in resiliency
 * policies and telemetry, which metadata fields the runtime owns, and how its application-facing
 * facade is built. Adding a block is adding one of these to {@link Blocks}.
 *
 * @param name the block's name in span names and messages, such as {@code state}
 * @param typePrefix the prefix of its component types, such as {@code state.}
 * @param resiliencyName its name in Dapr's default policy names, such as {@code Statestore} in
 *     {@code DefaultStatestoreComponentOutboundRetryPolicy}
 * @param systemAttribute the span attribute naming the backing system ({@code db.system}, {@code
 *     messaging.system}), or {@code null}
 * @param noun what one component is called in messages, such as {@code state store}
 * @param plural the plural of {@code noun}
 * @param api the application-facing interface, such as {@code StateStore}
 * @param componentClass the provider SPI interface, such as {@code StateComponent}
 * @param runtimeFields metadata fields the runtime or the facade reads (lower case): never reported
 *     as unknown
 * @param facade builds the facade of one component; {@code null} while Plumb has no facade for the
 *     block yet, and then its components are refused at build
 * @param servesWhen tells, from a component's metadata, whether the block serves a component that
 *     implements its SPI interface (bindings read Dapr's {@code direction}); it may throw a {@link
 *     dev.plumb.api.ConfigurationException} for invalid metadata
 * @param <F> the application-facing interface
 * @param <C> the provider SPI interface
 */
public record Block<F, C>(
    String name,
    String typePrefix,
    String resiliencyName,
    String systemAttribute,
    String noun,
    String plural,
    Class<F> api,
    Class<C> componentClass,
    Set<String> runtimeFields,
    FacadeFactory<F, C> facade,
    Predicate<ComponentMetadata> servesWhen) {

  /** Validates and copies the components. */
  public Block {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typePrefix, "typePrefix");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(componentClass, "componentClass");
    Objects.requireNonNull(servesWhen, "servesWhen");
    runtimeFields = Set.copyOf(runtimeFields);
  }

  /**
   * Describes a block that serves every component implementing its SPI interface.
   *
   * @param name the block's name
   * @param typePrefix the prefix of its component types
   * @param resiliencyName its name in Dapr's default policy names
   * @param systemAttribute the span attribute naming the backing system, or {@code null}
   * @param noun what one component is called in messages
   * @param plural the plural of {@code noun}
   * @param api the application-facing interface
   * @param componentClass the provider SPI interface
   * @param runtimeFields metadata fields the runtime or the facade reads (lower case)
   * @param facade builds the facade of one component, or {@code null}
   */
  public Block(
      String name,
      String typePrefix,
      String resiliencyName,
      String systemAttribute,
      String noun,
      String plural,
      Class<F> api,
      Class<C> componentClass,
      Set<String> runtimeFields,
      FacadeFactory<F, C> facade) {
    this(
        name,
        typePrefix,
        resiliencyName,
        systemAttribute,
        noun,
        plural,
        api,
        componentClass,
        runtimeFields,
        facade,
        metadata -> true);
  }

  /**
   * Tells whether this block serves a component, given that it implements {@link
   * #componentClass()}.
   *
   * @param metadata the component's metadata
   * @return whether the block builds a facade of it
   * @throws dev.plumb.api.ConfigurationException if the metadata that decides is invalid
   */
  public boolean serves(ComponentMetadata metadata) {
    return servesWhen.test(metadata);
  }

  /**
   * Tells whether the runtime owns a metadata field of this block's components.
   *
   * @param field the field name, any case
   * @return whether the runtime or the facade reads it
   */
  public boolean ownsField(String field) {
    return runtimeFields.contains(field.toLowerCase(Locale.ROOT));
  }

  /**
   * Builds a block's facade of one component.
   *
   * @param <F> the application-facing interface
   * @param <C> the provider SPI interface
   */
  @FunctionalInterface
  public interface FacadeFactory<F, C> {
    /**
     * Builds the facade; it may read runtime-level metadata and fail on it.
     *
     * @param runtime the runtime's services
     * @param resources the loaded resources (secret scopes, subscriptions)
     * @param component the created component
     * @return the facade; if it implements {@link dev.plumb.runtime.spi.Lifecycle}, it takes part
     *     in the instance's start, drain and close
     * @throws dev.plumb.api.ConfigurationException if runtime-level metadata is invalid
     */
    F create(RuntimeContext runtime, Resources resources, LoadedComponent<C> component);
  }
}
