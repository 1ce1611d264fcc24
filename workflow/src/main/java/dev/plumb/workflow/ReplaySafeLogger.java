package dev.plumb.workflow;

import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;

/** A logger that says nothing while its workflow replays, so each line is written once. */
final class ReplaySafeLogger implements System.Logger {
  private final System.Logger delegate;
  private final BooleanSupplier replaying;

  ReplaySafeLogger(String workflowName, BooleanSupplier replaying) {
    this.delegate = System.getLogger("dev.plumb.workflow." + workflowName);
    this.replaying = replaying;
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return !replaying.getAsBoolean() && delegate.isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    if (!replaying.getAsBoolean()) {
      delegate.log(level, bundle, msg, thrown);
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!replaying.getAsBoolean()) {
      delegate.log(level, bundle, format, params);
    }
  }
}
