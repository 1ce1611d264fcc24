package dev.plumb.api.workflow;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A registered workflow: its name, its input and output types and the object that runs it. Register
 * it with {@code Plumb.Builder#workflow}. Immutable.
 *
 * @param <I> the input's type
 * @param <O> the output's type
 */
public final class WorkflowDefinition<I, O> {
  private final String name;
  private final Type inputType;
  private final Type outputType;
  private final Workflow<I, O> workflow;
  private final String version;
  private final boolean latest;

  private WorkflowDefinition(
      String name,
      Type inputType,
      Type outputType,
      Workflow<I, O> workflow,
      String version,
      boolean latest) {
    if (name == null || name.isBlank()) {
      throw new WorkflowConfigurationException("a workflow registration needs a non-empty name");
    }
    this.name = name;
    this.inputType = Objects.requireNonNull(inputType, "inputType");
    this.outputType = Objects.requireNonNull(outputType, "outputType");
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.version = version;
    this.latest = latest;
  }

  /**
   * Defines a workflow named after its class's simple name, with the input and output types its
   * class declares ({@code class Charge implements Workflow<Order, Receipt>}).
   *
   * @param workflow the workflow; an instance of a class that names both type arguments
   * @param <I> the input's type
   * @param <O> the output's type
   * @return the definition
   * @throws WorkflowConfigurationException if the types cannot be found (a lambda): use {@link
   *     #of(String, Type, Type, Workflow)}
   */
  public static <I, O> WorkflowDefinition<I, O> of(Workflow<I, O> workflow) {
    Objects.requireNonNull(workflow, "workflow");
    Type[] args = TypeArguments.of(workflow.getClass(), Workflow.class);
    if (args == null) {
      throw new WorkflowConfigurationException(
          "cannot find the input and output types of workflow "
              + workflow.getClass().getName()
              + " (a lambda or a generic class): register it with WorkflowDefinition.of(name,"
              + " inputType, outputType, workflow)");
    }
    return new WorkflowDefinition<>(
        workflow.getClass().getSimpleName(), args[0], args[1], workflow, null, true);
  }

  /**
   * Defines a workflow with a name and types.
   *
   * @param name the name callers use
   * @param inputType the input's type (a class or a parameterized type)
   * @param outputType the output's type
   * @param workflow the workflow
   * @param <I> the input's type
   * @param <O> the output's type
   * @return the definition
   * @throws WorkflowConfigurationException if the name is empty
   */
  public static <I, O> WorkflowDefinition<I, O> of(
      String name, Type inputType, Type outputType, Workflow<I, O> workflow) {
    return new WorkflowDefinition<>(name, inputType, outputType, workflow, null, true);
  }

  /**
   * Defines a workflow with a name and class types; the workflow may be a lambda.
   *
   * @param name the name callers use
   * @param inputType the input's class
   * @param outputType the output's class
   * @param workflow the workflow
   * @param <I> the input's type
   * @param <O> the output's type
   * @return the definition
   * @throws WorkflowConfigurationException if the name is empty
   */
  public static <I, O> WorkflowDefinition<I, O> of(
      String name, Class<I> inputType, Class<O> outputType, Workflow<I, O> workflow) {
    return of(name, (Type) inputType, (Type) outputType, workflow);
  }

  /**
   * Returns a copy with another name.
   *
   * @param newName the name
   * @return the definition
   */
  public WorkflowDefinition<I, O> named(String newName) {
    return new WorkflowDefinition<>(newName, inputType, outputType, workflow, version, latest);
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
   * Returns the object that runs the workflow.
   *
   * @return the workflow
   */
  public Workflow<I, O> workflow() {
    return workflow;
  }

  /**
   * Returns a copy registered as a named version of its workflow (Dapr 1.17's named versions): new
   * instances run the latest version, and an instance keeps the version it started with; an
   * instance whose version is not registered stalls.
   *
   * @param versionName the version's name
   * @param isLatest whether new instances use it
   * @return the definition
   */
  public WorkflowDefinition<I, O> version(String versionName, boolean isLatest) {
    return new WorkflowDefinition<>(
        name, inputType, outputType, workflow, Objects.requireNonNull(versionName), isLatest);
  }

  /**
   * Returns the version's name.
   *
   * @return the name, or {@code null} if unversioned
   */
  public String versionName() {
    return version;
  }

  /**
   * Tells whether new instances use this version.
   *
   * @return true for the latest (and for unversioned workflows)
   */
  public boolean isLatest() {
    return latest;
  }

  @Override
  public String toString() {
    return "WorkflowDefinition[" + name + (version == null ? "" : "@" + version) + "]";
  }
}
