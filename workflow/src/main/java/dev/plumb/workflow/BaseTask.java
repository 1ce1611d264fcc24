package dev.plumb.workflow;

import dev.plumb.api.workflow.CompositeTaskFailedException;
import dev.plumb.api.workflow.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A task of one execution. Completed only on the execution's thread, while it applies an event, so
 * no locking: the thread that awaits is the thread that completes.
 */
class BaseTask<V> implements Task<V> {
  private final Execution exec;
  private boolean done;
  private boolean cancelled;
  private V value;
  private RuntimeException failure;
  private List<Runnable> callbacks;

  BaseTask(Execution exec) {
    this.exec = exec;
  }

  @Override
  public V await() {
    exec.checkThread();
    while (!done) {
      exec.pumpOnce();
    }
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  RuntimeException failure() {
    return failure;
  }

  V value() {
    return value;
  }

  void complete(V result) {
    if (!done) {
      done = true;
      value = result;
      fire();
    }
  }

  void fail(RuntimeException e) {
    if (!done) {
      done = true;
      failure = e;
      fire();
    }
  }

  void cancel(RuntimeException e) {
    if (!done) {
      cancelled = true;
      fail(e);
    }
  }

  /** Runs {@code r} when the task completes (at once if it has). */
  void onDone(Runnable r) {
    if (done) {
      r.run();
    } else {
      if (callbacks == null) {
        callbacks = new ArrayList<>(2);
      }
      callbacks.add(r);
    }
  }

  private void fire() {
    if (callbacks != null) {
      List<Runnable> run = callbacks;
      callbacks = null;
      run.forEach(Runnable::run);
    }
  }

  /** Completes with every result in order once all tasks are done. */
  static <V> BaseTask<List<V>> allOf(Execution exec, List<Task<V>> tasks) {
    BaseTask<List<V>> all = new BaseTask<>(exec);
    List<BaseTask<V>> own = new ArrayList<>(tasks.size());
    for (Task<V> t : tasks) {
      own.add(exec.own(t));
    }
    int[] left = {own.size()};
    Runnable check =
        () -> {
          if (--left[0] > 0) {
            return;
          }
          List<V> results = new ArrayList<>(own.size());
          List<Exception> failures = new ArrayList<>();
          for (BaseTask<V> t : own) {
            if (t.failure != null) {
              failures.add(t.failure);
              results.add(null);
            } else {
              results.add(t.value);
            }
          }
          if (failures.isEmpty()) {
            all.complete(results);
          } else {
            all.fail(new CompositeTaskFailedException(failures));
          }
        };
    if (own.isEmpty()) {
      all.complete(List.of());
    }
    own.forEach(t -> t.onDone(check));
    return all;
  }

  /** Completes with the first task to complete. */
  static BaseTask<Task<?>> anyOf(Execution exec, List<Task<?>> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one task");
    }
    BaseTask<Task<?>> any = new BaseTask<>(exec);
    for (Task<?> t : tasks) {
      BaseTask<?> own = exec.own(t);
      own.onDone(() -> any.complete(own));
    }
    return any;
  }
}
