package dev.plumb.runtime.internal.engines;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.Serializer;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.internal.registry.ComponentRegistry;
import dev.plumb.runtime.internal.resources.ResourceDocument;
import dev.plumb.runtime.internal.resources.Resources;
import dev.plumb.runtime.internal.scheduling.ScopedScheduler;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Document;
import dev.plumb.runtime.spi.EngineContext;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/** The {@link EngineContext} of one engine: the runtime's services and a scheduler of its own. */
public final class RuntimeEngineContext implements EngineContext, AutoCloseable {
  private static final ObjectMapper TREES = new ObjectMapper();

  private final RuntimeContext runtime;
  private final ComponentRegistry registry;
  private final BiFunction<Class<?>, String, Object> facades;
  private final Map<String, List<Document>> documents;
  private final List<Object> registrations;
  private final ScopedScheduler scheduler;

  /**
   * Creates the context of one engine.
   *
   * @param runtime the runtime's services
   * @param registry the created components
   * @param facades finds a facade by API and component name, as {@code Plumb}'s accessors do
   * @param documents the loaded documents by kind, from {@link #documentsOf(Resources)}
   * @param registrations what the application registered on the builder for engines
   */
  public RuntimeEngineContext(
      RuntimeContext runtime,
      ComponentRegistry registry,
      BiFunction<Class<?>, String, Object> facades,
      Map<String, List<Document>> documents,
      List<Object> registrations) {
    this.runtime = runtime;
    this.registry = registry;
    this.facades = facades;
    this.documents = documents;
    this.registrations = List.copyOf(registrations);
    this.scheduler = new ScopedScheduler(runtime.scheduler());
  }

  /**
   * Turns the loaded resources into the documents engines see.
   *
   * @param resources the resources
   * @return the documents by kind; immutable
   */
  public static Map<String, List<Document>> documentsOf(Resources resources) {
    List<Document> subscriptions = new ArrayList<>();
    resources.subscriptions().forEach(s -> subscriptions.add(document(s.document())));
    List<Document> resiliencies = new ArrayList<>();
    resources.resiliencies().forEach(d -> resiliencies.add(document(d)));
    List<Document> configurations = new ArrayList<>();
    resources.configurations().forEach(c -> configurations.add(document(c.document())));
    return Map.of(
        "Subscription", List.copyOf(subscriptions),
        "Resiliency", List.copyOf(resiliencies),
        "Configuration", List.copyOf(configurations));
  }

  @SuppressWarnings("unchecked")
  private static Document document(ResourceDocument d) {
    Map<String, Object> spec =
        d.spec().isObject() ? TREES.convertValue(d.spec(), Map.class) : Map.of();
    return new Document(d.kind(), d.apiVersion(), d.name(), d.where(null), d.scopes(), spec);
  }

  @Override
  public String appId() {
    return runtime.appId();
  }

  @Override
  public String namespace() {
    return runtime.namespace();
  }

  @Override
  public <C> List<ComponentHandle<C>> components(Class<C> componentClass) {
    return List.copyOf(registry.all(componentClass));
  }

  @Override
  public <C> Optional<ComponentHandle<C>> component(String name, Class<C> componentClass) {
    return registry.find(name, componentClass).map(c -> c);
  }

  @Override
  public <F> F facade(Class<F> api, String name) {
    return api.cast(facades.apply(api, name));
  }

  @Override
  public Clock clock() {
    return runtime.clock();
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Executor executor() {
    return runtime.executor();
  }

  @Override
  public Executor blockingExecutor() {
    return runtime.blockingExecutor();
  }

  @Override
  public Serializer serializer() {
    return runtime.serializer();
  }

  @Override
  public OpenTelemetry openTelemetry() {
    return runtime.openTelemetry();
  }

  @Override
  public <T> List<T> registrations(Class<T> type) {
    return registrations.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public List<Document> documents(String kind) {
    return documents.getOrDefault(kind, List.of());
  }

  /** Cancels the engine's scheduled tasks. */
  @Override
  public void close() {
    scheduler.close();
  }
}
