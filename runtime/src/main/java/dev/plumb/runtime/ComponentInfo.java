package dev.plumb.runtime;

import java.util.Objects;

/**
 * One component as a building block serves it, for containers that expose components (dependency
 * injection, health checks, metadata listings) without code per block. A binding that serves both
 * directions is listed once per direction.
 *
 * @param name the component's {@code metadata.name}
 * @param type its {@code spec.type}, such as {@code state.redis}
 * @param version its {@code spec.version}, such as {@code v1}
 * @param api the block's user API its facade implements, such as {@code StateStore.class}
 */
public record ComponentInfo(String name, String type, String version, Class<?> api) {

  /** Checks that no part is {@code null}. */
  public ComponentInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(api, "api");
  }
}
