package dev.plumb.api.workflow;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;

/** Finds the type arguments a class gives to a generic interface, for registrations. */
final class TypeArguments {
  private TypeArguments() {}

  /**
   * Returns the two type arguments {@code implementation} gives to {@code generic}.
   *
   * @return the arguments, or {@code null} if they cannot be found (a lambda, a type variable)
   */
  static Type[] of(Class<?> implementation, Class<?> generic) {
    for (Class<?> c = implementation; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType && ((ParameterizedType) t).getRawType() == generic) {
          Type[] args = ((ParameterizedType) t).getActualTypeArguments();
          for (Type a : args) {
            if (a instanceof TypeVariable) {
              return null;
            }
          }
          return args;
        }
      }
    }
    return null;
  }
}
