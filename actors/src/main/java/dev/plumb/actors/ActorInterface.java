package dev.plumb.actors;

import dev.plumb.api.actors.ActorConfigurationException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The methods of an actor interface as actor calls, checked once at build: each takes at most one
 * parameter (Dapr's call carries one payload), names are unique (Dapr calls methods by name), and
 * every parameter and result type can be serialized as declared (no type variables). Immutable.
 */
final class ActorInterface {
  private final Class<?> type;
  private final Map<Method, ActorMethod> byMethod;
  private final Map<String, ActorMethod> byName;
  private final List<ActorMethod> methods;

  private ActorInterface(Class<?> type, List<ActorMethod> methods) {
    this.type = type;
    this.methods = List.copyOf(methods);
    Map<Method, ActorMethod> m = new HashMap<>();
    Map<String, ActorMethod> n = new HashMap<>();
    for (ActorMethod am : methods) {
      m.put(am.method(), am);
      n.put(am.name(), am);
    }
    this.byMethod = m;
    this.byName = n;
  }

  /**
   * Reads and checks an interface.
   *
   * @param type the actor interface
   * @param actorType the actor type's name, for messages
   * @return its methods
   * @throws ActorConfigurationException naming the first method that cannot be an actor method
   */
  static ActorInterface of(Class<?> type, String actorType) {
    String where = "actor type '" + actorType + "' (" + type.getName() + ")";
    if (type.getTypeParameters().length > 0) {
      throw new ActorConfigurationException(
          where
              + ": a generic interface cannot be an actor interface; extend it with the type"
              + " arguments bound, such as interface Cart extends Repository<Item>");
    }
    Map<String, Method> seen = new TreeMap<>();
    for (Method m : type.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Method other = seen.put(m.getName(), m);
      if (other != null) {
        throw new ActorConfigurationException(
            where
                + ": method '"
                + m.getName()
                + "' is overloaded; actor methods are called by"
                + " name, so give each a name of its own");
      }
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      // Calls go through the interface's methods; a package-private interface needs access.
      seen.values().forEach(m -> m.setAccessible(true));
    }
    List<ActorMethod> methods = new ArrayList<>();
    int index = 0;
    for (Method m : seen.values()) {
      methods.add(ActorMethod.of(m, index++, where));
    }
    return new ActorInterface(type, methods);
  }

  /**
   * Returns the interface.
   *
   * @return the interface
   */
  Class<?> type() {
    return type;
  }

  /**
   * Returns every method, ordered by name; {@link ActorMethod#index()} is the position.
   *
   * @return the methods
   */
  List<ActorMethod> methods() {
    return methods;
  }

  /**
   * Finds the actor method of an interface method, as a proxy receives it.
   *
   * @param method the interface method
   * @return the actor method, or {@code null} if it is not one (an {@code Object} method)
   */
  ActorMethod of(Method method) {
    return byMethod.get(method);
  }

  /**
   * Finds an actor method by name.
   *
   * @param name the method's name
   * @return the actor method, or {@code null} if none has that name
   */
  ActorMethod named(String name) {
    return byName.get(name);
  }

  /**
   * Returns the method names, sorted, for messages.
   *
   * @return the names
   */
  List<String> names() {
    List<String> names = new ArrayList<>(byName.keySet());
    Collections.sort(names);
    return names;
  }

  /** One method of an actor interface, as the engine calls it. */
  static final class ActorMethod {
    private final Method method;
    private final int index;
    private final Type parameterType;
    private final Type resultType;
    private final boolean async;

    private ActorMethod(Method method, int index, Type parameterType, Type resultType) {
      this.method = method;
      this.index = index;
      this.parameterType = parameterType;
      this.resultType = resultType;
      this.async = CompletionStage.class.isAssignableFrom(method.getReturnType());
    }

    static ActorMethod of(Method m, int index, String where) {
      String what = where + ", method '" + m.getName() + "'";
      if (m.getTypeParameters().length > 0) {
        throw new ActorConfigurationException(
            what
                + ": a generic method cannot be an actor method; its types would be lost when"
                + " values are serialized");
      }
      Type[] params = m.getGenericParameterTypes();
      if (params.length > 1) {
        throw new ActorConfigurationException(
            what
                + ": takes "
                + params.length
                + " parameters; an actor method takes at most one"
                + " (Dapr's call carries one payload): put them in a record");
      }
      Type parameter = params.length == 0 ? null : params[0];
      if (parameter != null) {
        checkResolved(parameter, what + ", parameter");
      }
      Class<?> raw = m.getReturnType();
      Type result;
      if (CompletionStage.class.isAssignableFrom(raw)) {
        if (raw != CompletionStage.class && raw != CompletableFuture.class) {
          throw new ActorConfigurationException(
              what
                  + ": returns "
                  + raw.getName()
                  + "; an asynchronous actor method returns"
                  + " CompletionStage or CompletableFuture");
        }
        Type generic = m.getGenericReturnType();
        result =
            generic instanceof ParameterizedType
                ? ((ParameterizedType) generic).getActualTypeArguments()[0]
                : Object.class;
        if (result instanceof WildcardType) {
          Type[] upper = ((WildcardType) result).getUpperBounds();
          result = upper.length == 1 ? upper[0] : Object.class;
        }
      } else {
        result = m.getGenericReturnType();
      }
      checkResolved(result, what + ", result");
      return new ActorMethod(m, index, parameter, result);
    }

    private static void checkResolved(Type t, String what) {
      if (t instanceof TypeVariable) {
        throw new ActorConfigurationException(
            what + " is the type variable " + t + ", which serialization cannot resolve");
      }
      if (t instanceof ParameterizedType) {
        for (Type a : ((ParameterizedType) t).getActualTypeArguments()) {
          checkResolved(a, what);
        }
      } else if (t instanceof GenericArrayType) {
        checkResolved(((GenericArrayType) t).getGenericComponentType(), what);
      } else if (t instanceof WildcardType) {
        for (Type b : ((WildcardType) t).getUpperBounds()) {
          checkResolved(b, what);
        }
      }
    }

    /**
     * Calls the method on an actor object.
     *
     * @param target the actor object
     * @param argument the argument, ignored by a method without parameters
     * @return what it returned
     * @throws Throwable what it threw, unwrapped
     */
    Object invoke(Object target, Object argument) throws Throwable {
      try {
        return parameterType == null ? method.invoke(target) : method.invoke(target, argument);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    /**
     * Returns the interface method.
     *
     * @return the method
     */
    Method method() {
      return method;
    }

    /**
     * Returns the method's name, the name Dapr calls it by.
     *
     * @return the name
     */
    String name() {
      return method.getName();
    }

    /**
     * Returns the method's position in {@link ActorInterface#methods()}.
     *
     * @return the index
     */
    int index() {
      return index;
    }

    /**
     * Returns the declared parameter type.
     *
     * @return the generic type, or {@code null} without a parameter
     */
    Type parameterType() {
      return parameterType;
    }

    /**
     * Returns the declared result type: the return type, or a stage's value type.
     *
     * @return the generic type; {@code void.class} or {@code Void.class} for none
     */
    Type resultType() {
      return resultType;
    }

    /**
     * Tells whether the method returns a stage.
     *
     * @return {@code true} for {@code CompletionStage} and {@code CompletableFuture}
     */
    boolean async() {
      return async;
    }
  }
}
