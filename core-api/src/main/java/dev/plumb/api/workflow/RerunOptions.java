package dev.plumb.api.workflow;

/**
 * Options of {@link Workflows#rerun}: the new instance's id and a new input for the activity the
 * rerun starts from. Immutable.
 */
public final class RerunOptions {
  private static final RerunOptions DEFAULTS = new RerunOptions(null, false, null);

  private final String newInstanceId;
  private final boolean hasInput;
  private final Object input;

  private RerunOptions(String newInstanceId, boolean hasInput, Object input) {
    this.newInstanceId = newInstanceId;
    this.hasInput = hasInput;
    this.input = input;
  }

  /**
   * A generated instance id and the activity's recorded input.
   *
   * @return the options
   */
  public static RerunOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy that gives the new instance this id.
   *
   * @param instanceId the id, following the rules of {@link Workflows#schedule}; {@code null} for a
   *     generated one
   * @return the options
   */
  public RerunOptions withNewInstanceId(String instanceId) {
    return new RerunOptions(instanceId, hasInput, input);
  }

  /**
   * Returns a copy that runs the activity with this input instead of the recorded one (Dapr's
   * {@code WithRerunInput}).
   *
   * @param newInput the input; may be {@code null}, which is then the input
   * @return the options
   */
  public RerunOptions withInput(Object newInput) {
    return new RerunOptions(newInstanceId, true, newInput);
  }

  /**
   * Returns the new instance's id.
   *
   * @return the id, or {@code null} for a generated one
   */
  public String newInstanceId() {
    return newInstanceId;
  }

  /**
   * Returns whether a new input was given.
   *
   * @return true after {@link #withInput}
   */
  public boolean hasInput() {
    return hasInput;
  }

  /**
   * Returns the new input.
   *
   * @return the input; meaningful only if {@link #hasInput()}
   */
  public Object input() {
    return input;
  }

  @Override
  public String toString() {
    return "RerunOptions[newInstanceId=" + newInstanceId + (hasInput ? ", with input" : "") + "]";
  }
}
