package dev.plumb.api.workflow;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * A registered activity: its name, its input and output types and the object that runs it. Register
 * it with {@code Plumb.Builder#activity}. Immutable.
 *
 * @param <I> the input's type
 * @param <O> the output's type
 */
public final class ActivityDefinition<I, O> {
  private final String name;
  private final Type inputType;
  private final Type outputType;
  private final Activity<I, O> activity;

  private ActivityDefinition(
      String name, Type inputType, Type outputType, Activity<I, O> activity) {
    if (name == null || name.isBlank()) {
      throw new WorkflowConfigurationException("an activity registration needs a non-empty name");
    }
    this.name = name;
    this.inputType = Objects.requireNonNull(inputType, "inputType");
    this.outputType = Objects.requireNonNull(outputType, "outputType");
    this.activity = Objects.requireNonNull(activity, "activity");
  }

  /**
   * Defines an activity named after its class's simple name, with the input and output types its
   * class declares ({@code class Charge implements Activity<Order, Receipt>}).
   *
   * @param activity the activity; an instance of a class that names both type arguments
   * @param <I> the input's type
   * @param <O> the output's type
   * @return the definition
   * @throws WorkflowConfigurationException if the types cannot be found (a lambda): use {@link
   *     #of(String, Type, Type, Activity)}
   */
  public static <I, O> ActivityDefinition<I, O> of(Activity<I, O> activity) {
    Objects.requireNonNull(activity, "activity");
    Type[] args = TypeArguments.of(activity.getClass(), Activity.class);
    if (args == null) {
      throw new WorkflowConfigurationException(
          "cannot find the input and output types of activity "
              + activity.getClass().getName()
              + " (a lambda or a generic class): register it with ActivityDefinition.of(name,"
              + " inputType, outputType, activity)");
    }
    return new ActivityDefinition<>(
        activity.getClass().getSimpleName(), args[0], args[1], activity);
  }

  /**
   * Defines an activity with a name and types.
   *
   * @param name the name callers use
   * @param inputType the input's type (a class or a parameterized type)
   * @param outputType the output's type
   * @param activity the activity
   * @param <I> the input's type
   * @param <O> the output's type
   * @return the definition
   * @throws WorkflowConfigurationException if the name is empty
   */
  public static <I, O> ActivityDefinition<I, O> of(
      String name, Type inputType, Type outputType, Activity<I, O> activity) {
    return new ActivityDefinition<>(name, inputType, outputType, activity);
  }

  /**
   * Defines an activity with a name and class types; the activity may be a lambda.
   *
   * @param name the name callers use
   * @param inputType the input's class
   * @param outputType the output's class
   * @param activity the activity
   * @param <I> the input's type
   * @param <O> the output's type
   * @return the definition
   * @throws WorkflowConfigurationException if the name is empty
   */
  public static <I, O> ActivityDefinition<I, O> of(
      String name, Class<I> inputType, Class<O> outputType, Activity<I, O> activity) {
    return of(name, (Type) inputType, (Type) outputType, activity);
  }

  /**
   * Defines one activity per method of an activity interface, run by an implementation: each is
   * named after its method (what {@link WorkflowContext#activities} calls), takes the method's
   * parameter as input ({@code Void} for none) and returns its result, generic types included.
   * Default and static methods are not activities. An exception the method throws fails the call as
   * it is.
   *
   * @param activityInterface an interface whose abstract methods take 0 or 1 argument, have
   *     distinct names and do not return {@link Task}
   * @param implementation the object that runs the calls, concurrently from several threads
   * @param <T> the interface
   * @return the definitions, in the interface's method order
   * @throws WorkflowConfigurationException naming the method that does not fit
   */
  public static <T> List<ActivityDefinition<Object, Object>> allOf(
      Class<T> activityInterface, T implementation) {
    return ActivityStubs.definitions(activityInterface, implementation);
  }

  /**
   * Returns a copy with another name.
   *
   * @param newName the name
   * @return the definition
   */
  public ActivityDefinition<I, O> named(String newName) {
    return new ActivityDefinition<>(newName, inputType, outputType, activity);
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the input's type.
   *
   * @return the type
   */
  public Type inputType() {
    return inputType;
  }

  /**
   * Returns the output's type.
   *
   * @return the type
   */
  public Type outputType() {
    return outputType;
  }

  /**
   * Returns the object that runs the activity.
   *
   * @return the activity
   */
  public Activity<I, O> activity() {
    return activity;
  }

  @Override
  public String toString() {
    return "ActivityDefinition[" + name + "]";
  }
}
