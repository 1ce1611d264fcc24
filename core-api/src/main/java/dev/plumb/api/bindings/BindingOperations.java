package dev.plumb.api.bindings;

/**
 * Dapr's standard output binding operations. Components add their own ({@code exec}, {@code query},
 * {@code increment}, HTTP verbs...); see each component's {@code operations()}.
 */
public final class BindingOperations {
  /** Creates or sends something: a message, an object, a row. */
  public static final String CREATE = "create";

  /** Reads one thing. */
  public static final String GET = "get";

  /** Deletes one thing. */
  public static final String DELETE = "delete";

  /** Lists things. */
  public static final String LIST = "list";

  private BindingOperations() {}
}
