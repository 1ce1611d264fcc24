package dev.plumb.api.workflow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Typed activity interfaces: the workflow side's stubs ({@link WorkflowContext#activities}) and the
 * registration of an implementation's methods ({@link ActivityDefinition#allOf}). An activity is
 * named after its method, as durabletask names activities after their functions.
 */
final class ActivityStubs {
  private ActivityStubs() {}

  /** One activity method: its name, input type, result type and whether it returns a task. */
  private record Call(String name, Type inputType, Type resultType, boolean returnsTask) {}

  /**
   * Reads an interface's activity methods (its abstract ones).
   *
   * @throws WorkflowConfigurationException naming the interface and the method that does not fit
   */
  private static Map<Method, Call> calls(Class<?> iface) {
    Objects.requireNonNull(iface, "activityInterface");
    if (!iface.isInterface()) {
      throw new WorkflowConfigurationException(
          "activities: " + iface.getName() + " is not an interface");
    }
    Map<Method, Call> calls = new LinkedHashMap<>();
    Map<String, Method> byName = new HashMap<>();
    for (Method m : iface.getMethods()) {
      if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String where = "activity method " + iface.getName() + "." + m.getName();
      if (m.getParameterCount() > 1) {
        throw new WorkflowConfigurationException(
            where
                + " takes "
                + m.getParameterCount()
                + " arguments; an activity takes at most one: pass a record");
      }
      Method other = byName.putIfAbsent(m.getName(), m);
      if (other != null) {
        throw new WorkflowConfigurationException(
            where
                + " is overloaded; activities are named after their methods, so each name must be"
                + " used once");
      }
      Type in = m.getParameterCount() == 0 ? Void.class : boxed(m.getGenericParameterTypes()[0]);
      Type ret = m.getGenericReturnType();
      boolean task = m.getReturnType() == Task.class;
      Type out =
          task
              ? ret instanceof ParameterizedType
                  ? ((ParameterizedType) ret).getActualTypeArguments()[0]
                  : Object.class
              : boxed(ret);
      if (hasVariable(in) || hasVariable(out)) {
        throw new WorkflowConfigurationException(
            where + " has a type variable in its signature; declare concrete types");
      }
      calls.put(m, new Call(m.getName(), in, out, task));
    }
    return calls;
  }

  private static Type boxed(Type t) {
    return t instanceof Class<?> && ((Class<?>) t).isPrimitive()
        ? MethodType.methodType((Class<?>) t).wrap().returnType()
        : t;
  }

  private static boolean hasVariable(Type t) {
    if (t instanceof TypeVariable) {
      return true;
    }
    if (t instanceof ParameterizedType) {
      for (Type a : ((ParameterizedType) t).getActualTypeArguments()) {
        if (hasVariable(a)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The stub of {@link WorkflowContext#activities}. */
  static <T> T stub(WorkflowContext ctx, Class<T> iface, TaskOptions options) {
    Map<Method, Call> calls = calls(iface);
    InvocationHandler h =
        (proxy, m, args) -> {
          if (m.getDeclaringClass() == Object.class) {
            switch (m.getName()) {
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                return "activities " + iface.getName();
            }
          }
          if (m.isDefault()) {
            return invokeDefault(proxy, m, args);
          }
          Call c = calls.get(m);
          Task<Object> t =
              ctx.callActivity(c.name(), args == null ? null : args[0], options, c.resultType());
          if (c.returnsTask()) {
            return t;
          }
          Object v = t.await();
          return m.getReturnType() == void.class ? null : v;
        };
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, h));
  }

  /**
   * Runs a default method of the interface on the stub. Proxy.invokeDefault checks that this class
   * can access the interface, which a package-private interface fails; a private lookup in the
   * interface's own package can.
   */
  private static Object invokeDefault(Object proxy, Method m, Object[] args) throws Throwable {
    Class<?> declaring = m.getDeclaringClass();
    if (Modifier.isPublic(declaring.getModifiers())) {
      return InvocationHandler.invokeDefault(proxy, m, args);
    }
    return MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
        .unreflectSpecial(m, declaring)
        .bindTo(proxy)
        .invokeWithArguments(args == null ? new Object[0] : args);
  }

  /** The context of the interface method running on this thread; see {@link #current()}. */
  private static final ThreadLocal<ActivityContext> CURRENT = new ThreadLocal<>();

  /** Returns the context of the interface activity running on this thread. */
  static ActivityContext current() {
    ActivityContext c = CURRENT.get();
    if (c == null) {
      throw new IllegalStateException(
          "ActivityContext.current() is only available inside an activity registered with"
              + " ActivityDefinition.allOf or Plumb.Builder#activities, on the thread that runs it");
    }
    return c;
  }

  /** The definitions of {@link ActivityDefinition#allOf}. */
  static <T> List<ActivityDefinition<Object, Object>> definitions(Class<T> iface, T impl) {
    Objects.requireNonNull(impl, "implementation");
    Map<Method, Call> calls = calls(iface);
    List<ActivityDefinition<Object, Object>> out = new ArrayList<>(calls.size());
    for (Map.Entry<Method, Call> e : calls.entrySet()) {
      Method m = e.getKey();
      Call c = e.getValue();
      if (c.returnsTask()) {
        throw new WorkflowConfigurationException(
            "activity method "
                + iface.getName()
                + "."
                + m.getName()
                + " returns a Task, which only a workflow's stub can; declare the implementation's"
                + " method with the plain result type (a workflow may still use a Task-returning"
                + " interface with the same method names)");
      }
      // The interface may be package-private, which reflection refuses without this.
      m.trySetAccessible();
      boolean takesInput = m.getParameterCount() == 1;
      Activity<Object, Object> a =
          (ctx, input) -> {
            ActivityContext outer = CURRENT.get();
            CURRENT.set(ctx);
            try {
              return takesInput ? m.invoke(impl, input) : m.invoke(impl);
            } catch (InvocationTargetException x) {
              Throwable cause = x.getCause();
              if (cause instanceof Exception) {
                throw (Exception) cause;
              }
              throw (Error) cause;
            } finally {
              if (outer == null) {
                CURRENT.remove();
              } else {
                CURRENT.set(outer);
              }
            }
          };
      out.add(ActivityDefinition.of(c.name(), c.inputType(), c.resultType(), a));
    }
    return out;
  }
}
