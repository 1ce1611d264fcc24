package dev.plumb.actors;

import dev.plumb.actors.ActorInterface.ActorMethod;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The handler behind {@code actors().proxy(...)}: turns an interface call into an actor call.
 * Methods returning a stage go the asynchronous way; the others block. {@code equals}, {@code
 * hashCode} and {@code toString} answer locally: two proxies are equal if they reach the same
 * actor.
 */
final class ActorProxy implements InvocationHandler {
  private final ActorEngine engine;
  private final HostedType type;
  private final String id;
  private final Activation caller;

  /**
   * Creates the handler.
   *
   * @param caller the actor whose context made the proxy (its calls belong to its chain), or {@code
   *     null}
   */
  ActorProxy(ActorEngine engine, HostedType type, String id, Activation caller) {
    this.engine = engine;
    this.type = type;
    this.id = id;
    this.caller = caller;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    ActorMethod m = type.actorInterface().of(method);
    if (m == null) {
      return objectMethod(proxy, method, args);
    }
    Object arg =
        m.parameterType() == null
            ? null
            : engine.codec().copy(args[0], m.parameterType(), type.argumentLabel(m));
    CallChain chain = ActorEngine.chainOf(caller);
    if (m.async()) {
      return engine.callAsync(type, id, m, arg, m.resultType(), chain);
    }
    return engine.call(type, id, m, arg, m.resultType(), chain);
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        Object other = args[0];
        if (other == null || !java.lang.reflect.Proxy.isProxyClass(other.getClass())) {
          return false;
        }
        InvocationHandler h = java.lang.reflect.Proxy.getInvocationHandler(other);
        return h instanceof ActorProxy
            && ((ActorProxy) h).type == type
            && ((ActorProxy) h).id.equals(id);
      case "hashCode":
        return type.name().hashCode() * 31 + id.hashCode();
      case "toString":
        return "ActorProxy[" + type.name() + "/" + id + "]";
      default:
        throw new UnsupportedOperationException(method.toString());
    }
  }
}
