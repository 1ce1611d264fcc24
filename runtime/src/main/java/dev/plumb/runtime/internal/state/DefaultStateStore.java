package dev.plumb.runtime.internal.state;

import dev.plumb.api.state.AsyncStateStore;
import dev.plumb.api.state.DeleteOptions;
import dev.plumb.api.state.GetOptions;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Placeholder so the runtime-model branch compiles; the state-core branch provides the real class
 * with this constructor and this commit is dropped at merge.
 */
public final class DefaultStateStore implements StateStore {
  private final LoadedComponent<StateComponent> component;

  /**
   * Creates the facade.
   *
   * @param runtime the runtime services
   * @param component the state component
   */
  public DefaultStateStore(RuntimeContext runtime, LoadedComponent<StateComponent> component) {
    this.component = component;
  }

  private static UnsupportedOperationException placeholder() {
    return new UnsupportedOperationException("placeholder");
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public Set<StateFeature> features() {
    return component.component().features();
  }

  @Override
  public <T> StateItem<T> get(String key, Class<T> type) {
    throw placeholder();
  }

  @Override
  public <T> StateItem<T> get(String key, Class<T> type, GetOptions options) {
    throw placeholder();
  }

  @Override
  public <T> List<StateItem<T>> getBulk(List<String> keys, Class<T> type) {
    throw placeholder();
  }

  @Override
  public void save(String key, Object value) {
    throw placeholder();
  }

  @Override
  public void save(String key, Object value, SaveOptions options) {
    throw placeholder();
  }

  @Override
  public void saveBulk(List<StateOperation.Upsert> items) {
    throw placeholder();
  }

  @Override
  public void delete(String key) {
    throw placeholder();
  }

  @Override
  public void delete(String key, DeleteOptions options) {
    throw placeholder();
  }

  @Override
  public void deleteBulk(List<StateOperation.Delete> items) {
    throw placeholder();
  }

  @Override
  public void transact(List<? extends StateOperation> operations) {
    throw placeholder();
  }

  @Override
  public void transact(List<? extends StateOperation> operations, Map<String, String> metadata) {
    throw placeholder();
  }

  @Override
  public <T> QueryResult<T> query(StateQuery query, Class<T> type) {
    throw placeholder();
  }

  @Override
  public <T> QueryResult<T> query(String jsonQuery, Class<T> type) {
    throw placeholder();
  }

  @Override
  public AsyncStateStore async() {
    throw placeholder();
  }
}
