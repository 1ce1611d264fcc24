package dev.plumb.spring.autoconfigure;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.Subscription;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingHandler;
import dev.plumb.api.configuration.ConfigurationHandler;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.api.pubsub.BulkEntry;
import dev.plumb.api.pubsub.BulkTopicHandler;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.api.pubsub.TopicEvent;
import dev.plumb.api.pubsub.TopicHandler;
import dev.plumb.api.pubsub.TopicRoutes;
import dev.plumb.runtime.ComponentInfo;
import dev.plumb.runtime.Plumb;
import dev.plumb.spring.BindingListener;
import dev.plumb.spring.ConfigurationListener;
import dev.plumb.spring.DeliveryListener;
import dev.plumb.spring.Topic;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link Topic}, {@link BindingListener} and {@link ConfigurationListener} methods of
 * every bean as it is built, checks their signatures at once (a bad one fails the context), and
 * opens them on the runtime when the context starts ({@link #open}, {@link #openConfiguration}).
 * Thread-safe.
 */
public final class PlumbHandlers implements BeanPostProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(PlumbHandlers.class);

  private final ConfigurableBeanFactory beanFactory;
  private final List<TopicMethod> topics = new CopyOnWriteArrayList<>();
  private final List<BindingMethod> bindings = new CopyOnWriteArrayList<>();
  private final List<ConfigurationMethod> configurations = new CopyOnWriteArrayList<>();
  private final List<String> described = new CopyOnWriteArrayList<>();

  PlumbHandlers(ConfigurableBeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = AopUtils.getTargetClass(bean);
    if (type.getName().startsWith("org.springframework.")) {
      return bean;
    }
    Map<Method, Topic> ts =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<Topic>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, Topic.class));
    ts.forEach(
        (m, t) -> {
          Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
          ReflectionUtils.makeAccessible(invocable);
          topics.add(new TopicMethod(beanName, bean, invocable, t, resolve(t.topic())));
        });
    Map<Method, BindingListener> bs =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<BindingListener>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, BindingListener.class));
    bs.forEach(
        (m, b) -> {
          Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
          ReflectionUtils.makeAccessible(invocable);
          bindings.add(new BindingMethod(beanName, bean, invocable, resolve(b.value())));
        });
    Map<Method, ConfigurationListener> cs =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<ConfigurationListener>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, ConfigurationListener.class));
    cs.forEach(
        (m, c) -> {
          Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
          ReflectionUtils.makeAccessible(invocable);
          List<String> keys = Arrays.stream(c.keys()).map(this::resolve).toList();
          configurations.add(
              new ConfigurationMethod(beanName, bean, invocable, resolve(c.store()), keys));
        });
    return bean;
  }

  private String resolve(String value) {
    String resolved = beanFactory.resolveEmbeddedValue(value);
    return resolved == null ? value : resolved;
  }

  /**
   * Describes the subscriptions and binding listeners, for the actuator endpoint.
   *
   * @return one line per method: pubsub, topic, rule, options and the method; immutable
   */
  public List<Map<String, Object>> describe() {
    List<Map<String, Object>> all = new ArrayList<>();
    for (TopicMethod t : topics) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("kind", "topic");
      d.put("pubsub", t.pubsub == null ? "" : t.pubsub);
      d.put("topic", t.topic);
      d.put("match", t.annotation.match());
      d.put("priority", t.annotation.priority());
      d.put("deadLetterTopic", t.annotation.deadLetterTopic());
      d.put("bulk", t.annotation.bulk());
      d.put("rawPayload", t.annotation.rawPayload());
      d.put("method", t.beanName + "#" + t.method.getName());
      all.add(d);
    }
    for (BindingMethod b : bindings) {
      all.add(
          Map.of(
              "kind",
              "binding",
              "binding",
              b.binding,
              "method",
              b.beanName + "#" + b.method.getName()));
    }
    for (ConfigurationMethod c : configurations) {
      all.add(
          Map.of(
              "kind",
              "configuration",
              "store",
              c.store,
              "keys",
              c.keys,
              "method",
              c.beanName + "#" + c.method.getName()));
    }
    return List.copyOf(all);
  }

  /**
   * Subscribes every method found; called once, before the runtime starts.
   *
   * @param plumb the runtime
   * @param listeners hear every delivery's outcome
   * @param observations where process observations go
   * @return the subscriptions, closed by the runtime's close
   */
  List<Subscription> open(
      Plumb plumb, List<DeliveryListener> listeners, ObservationRegistry observations) {
    List<Subscription> opened = new ArrayList<>();
    Map<String, List<TopicMethod>> groups = new LinkedHashMap<>();
    List<String> pubsubs =
        plumb.components().stream()
            .filter(c -> c.api() == PubSub.class)
            .map(ComponentInfo::name)
            .toList();
    for (TopicMethod t : topics) {
      t.pubsub = t.annotation.pubsub().isEmpty() ? onlyPubSub(pubsubs, t) : t.annotation.pubsub();
      t.listeners = listeners;
      t.observations = observations;
      groups.computeIfAbsent(t.pubsub + "\u0000" + t.topic, k -> new ArrayList<>()).add(t);
    }
    for (List<TopicMethod> group : groups.values()) {
      opened.add(subscribe(plumb, group));
    }
    for (BindingMethod b : bindings) {
      opened.add(plumb.inputBinding(b.binding).subscribe(b));
    }
    return opened;
  }

  /**
   * Subscribes every {@link ConfigurationListener} method; called once the runtime has started.
   *
   * @param plumb the runtime
   * @return the subscriptions, for the caller to close on stop; if one fails, those opened before
   *     are closed and the failure thrown
   */
  List<Subscription> openConfiguration(Plumb plumb) {
    List<Subscription> opened = new ArrayList<>();
    List<String> stores =
        plumb.components().stream()
            .filter(c -> c.api() == ConfigurationStore.class)
            .map(ComponentInfo::name)
            .toList();
    try {
      for (ConfigurationMethod c : configurations) {
        String store = c.store.isEmpty() ? onlyStore(stores, c) : c.store;
        opened.add(plumb.configurationStore(store).subscribe(c.keys, c));
      }
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
    return opened;
  }

  /** Closes subscriptions, adding their failures to {@code failure} or logging them. */
  static void closeAll(List<Subscription> subscriptions, RuntimeException failure) {
    for (Subscription s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          LOG.warn("closing a configuration subscription failed: {}", e.toString());
        }
      }
    }
  }

  private static String onlyStore(List<String> stores, ConfigurationMethod c) {
    if (stores.size() != 1) {
      throw new ConfigurationException(
          c.where()
              + ": names no store and there are "
              + stores.size()
              + " configuration stores "
              + stores
              + "; set @ConfigurationListener(store = ...)");
    }
    return stores.get(0);
  }

  private static String onlyPubSub(List<String> pubsubs, TopicMethod t) {
    if (pubsubs.size() != 1) {
      throw new ConfigurationException(
          t.where()
              + ": @Topic names no pubsub and there are "
              + pubsubs.size()
              + " pub/sub components "
              + pubsubs
              + "; set @Topic(pubsub = ...)");
    }
    return pubsubs.get(0);
  }

  private Subscription subscribe(Plumb plumb, List<TopicMethod> group) {
    TopicMethod first = group.get(0);
    PubSub pubsub = plumb.pubSub(first.pubsub);
    SubscribeOptions options = first.options();
    for (TopicMethod t : group) {
      if (!t.options().toString().equals(options.toString())) {
        throw new ConfigurationException(
            t.where()
                + ": the @Topic methods of topic '"
                + t.topic
                + "' of '"
                + t.pubsub
                + "' disagree on deadLetterTopic, rawPayload, bulk or concurrency; see "
                + first.where());
      }
    }
    if (group.size() == 1 && first.annotation.match().isEmpty()) {
      return first.annotation.bulk()
          ? pubsub.subscribeBulk(first.topic, first.payloadType, first.bulkHandler(), options)
          : pubsub.subscribe(first.topic, first.payloadType, first.handler(), options);
    }
    TopicRoutes.Builder routes = TopicRoutes.builder();
    List<TopicMethod> ordered = new ArrayList<>(group);
    ordered.sort(Comparator.comparingInt(t -> t.annotation.priority()));
    TopicMethod fallback = null;
    for (TopicMethod t : ordered) {
      String path = "/spring/" + t.beanName + "/" + t.method.getName() + "/" + described.size();
      described.add(path);
      if (t.annotation.bulk()) {
        pubsub.bindBulk(path, t.payloadType, t.bulkHandler());
      } else {
        pubsub.bind(path, t.payloadType, t.handler());
      }
      if (t.annotation.match().isEmpty()) {
        if (fallback != null) {
          throw new ConfigurationException(
              t.where()
                  + ": two @Topic methods of topic '"
                  + t.topic
                  + "' have no match rule; give one a match, the other is the default route ("
                  + fallback.where()
                  + ")");
        }
        fallback = t;
        routes.defaultRoute(path);
      } else {
        routes.rule(t.annotation.match(), path);
      }
    }
    return pubsub.subscribe(first.topic, routes.build(), options);
  }

  /** A {@link Topic} method with its checked signature. */
  static final class TopicMethod {
    private enum Arg {
      PAYLOAD,
      CLOUD_EVENT,
      TOPIC_EVENT,
      ENTRIES,
      PAYLOADS
    }

    final String beanName;
    final Object bean;
    final Method method;
    final Topic annotation;
    final String topic;
    final Class<?> payloadType;
    private final Arg[] args;
    volatile String pubsub;
    volatile List<DeliveryListener> listeners = List.of();
    volatile ObservationRegistry observations = ObservationRegistry.NOOP;

    TopicMethod(String beanName, Object bean, Method method, Topic annotation, String topic) {
      this.beanName = beanName;
      this.bean = bean;
      this.method = method;
      this.annotation = annotation;
      this.topic = topic;
      Type[] params = method.getGenericParameterTypes();
      this.args = new Arg[params.length];
      Class<?> payload = null;
      if (annotation.bulk()) {
        if (params.length != 1
            || !(params[0] instanceof ParameterizedType p)
            || p.getRawType() != List.class) {
          throw bad("a bulk @Topic method takes one List<BulkEntry<T>> or List<T>");
        }
        Type element = p.getActualTypeArguments()[0];
        if (element instanceof ParameterizedType e && e.getRawType() == BulkEntry.class) {
          args[0] = Arg.ENTRIES;
          payload = raw(e.getActualTypeArguments()[0]);
        } else {
          args[0] = Arg.PAYLOADS;
          payload = raw(element);
        }
        Class<?> r = method.getReturnType();
        if (r != void.class && r != DeliveryResult.class && r != Map.class) {
          throw bad(
              "a bulk @Topic method returns void, DeliveryResult or Map<String, DeliveryResult>");
        }
      } else {
        for (int i = 0; i < params.length; i++) {
          Class<?> raw = raw(params[i]);
          if (raw == CloudEvent.class) {
            args[i] = Arg.CLOUD_EVENT;
          } else if (raw == TopicEvent.class) {
            args[i] = Arg.TOPIC_EVENT;
            if (payload != null) {
              throw bad("a @Topic method takes either a payload or a TopicEvent");
            }
            payload =
                params[i] instanceof ParameterizedType p
                    ? raw(p.getActualTypeArguments()[0])
                    : Object.class;
          } else {
            if (payload != null) {
              throw bad("a @Topic method takes one payload parameter");
            }
            args[i] = Arg.PAYLOAD;
            payload = raw;
          }
        }
        Class<?> r = method.getReturnType();
        if (r != void.class && r != DeliveryResult.class) {
          throw bad("a @Topic method returns void or DeliveryResult");
        }
      }
      this.payloadType = payload == null ? CloudEvent.class : payload;
    }

    private static Class<?> raw(Type t) {
      if (t instanceof Class<?> c) {
        return c;
      }
      if (t instanceof ParameterizedType p) {
        return (Class<?>) p.getRawType();
      }
      return Object.class;
    }

    String where() {
      return "@Topic " + method.getDeclaringClass().getName() + "#" + method.getName();
    }

    private ConfigurationException bad(String what) {
      return new ConfigurationException(where() + " (topic '" + topic + "'): " + what);
    }

    SubscribeOptions options() {
      SubscribeOptions.Builder b = SubscribeOptions.builder().rawPayload(annotation.rawPayload());
      if (!annotation.deadLetterTopic().isEmpty()) {
        b.deadLetterTopic(annotation.deadLetterTopic());
      }
      if (annotation.concurrency() > 0) {
        b.concurrency(annotation.concurrency());
      }
      if (annotation.bulk()) {
        b.maxMessagesCount(annotation.maxMessages())
            .maxAwaitDuration(Duration.ofMillis(annotation.maxAwaitMillis()));
      }
      return b.build();
    }

    @SuppressWarnings({"unchecked", "try"})
    <T> TopicHandler<T> handler() {
      return event -> {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
          values[i] =
              switch (args[i]) {
                case CLOUD_EVENT -> event.cloudEvent();
                case TOPIC_EVENT -> event;
                default -> payloadType == CloudEvent.class ? event.cloudEvent() : event.data();
              };
        }
        Observation o = process(event.cloudEvent());
        DeliveryResult result;
        Throwable failure = null;
        try (Observation.Scope scope = o.openScope()) {
          Object r = call(values);
          result = r == null ? DeliveryResult.SUCCESS : (DeliveryResult) r;
        } catch (Exception e) {
          failure = e;
          result = DeliveryResult.RETRY;
          o.error(e);
          LOG.warn(
              "{} on topic '{}' of '{}' threw {}: RETRY",
              where(),
              topic,
              pubsub,
              e.getClass().getName());
          LOG.debug("{} failure", where(), e);
        }
        finish(o, result, event.cloudEvent(), failure);
        return result;
      };
    }

    @SuppressWarnings({"unchecked", "try"})
    <T> BulkTopicHandler<T> bulkHandler() {
      return entries -> {
        Object arg =
            args[0] == Arg.ENTRIES ? entries : entries.stream().map(e -> e.event().data()).toList();
        Observation o = process(null);
        Map<String, DeliveryResult> results = new LinkedHashMap<>();
        Throwable failure = null;
        try (Observation.Scope scope = o.openScope()) {
          Object r = call(new Object[] {arg});
          for (BulkEntry<T> e : entries) {
            DeliveryResult each =
                r == null
                    ? DeliveryResult.SUCCESS
                    : r instanceof DeliveryResult d
                        ? d
                        : ((Map<String, DeliveryResult>) r)
                            .getOrDefault(e.entryId(), DeliveryResult.RETRY);
            results.put(e.entryId(), each);
          }
        } catch (Exception e) {
          failure = e;
          o.error(e);
          entries.forEach(entry -> results.put(entry.entryId(), DeliveryResult.RETRY));
          LOG.warn(
              "{} on topic '{}' of '{}' threw {}: RETRY for the batch",
              where(),
              topic,
              pubsub,
              e.getClass().getName());
        }
        o.lowCardinalityKeyValue("outcome", failure == null ? "success" : "retry");
        o.stop();
        for (BulkEntry<T> e : entries) {
          notify(e.event().cloudEvent(), results.get(e.entryId()), failure);
        }
        return results;
      };
    }

    private Observation process(CloudEvent event) {
      return Observation.createNotStarted("plumb.pubsub.process", observations)
          .contextualName(topic + " process")
          .lowCardinalityKeyValue("plumb.component", pubsub)
          .lowCardinalityKeyValue("messaging.destination.name", topic)
          .start();
    }

    private void finish(Observation o, DeliveryResult result, CloudEvent event, Throwable failure) {
      o.lowCardinalityKeyValue("outcome", result.name().toLowerCase(java.util.Locale.ROOT));
      o.stop();
      notify(event, result, failure);
    }

    private void notify(CloudEvent event, DeliveryResult result, Throwable failure) {
      for (DeliveryListener l : listeners) {
        try {
          l.delivered(pubsub, topic, event, result, failure);
        } catch (RuntimeException e) {
          LOG.warn("delivery listener {} failed: {}", l, e.toString());
        }
      }
    }

    private Object call(Object[] values) throws Exception {
      try {
        return method.invoke(bean, values);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw e;
      }
    }
  }

  /** A {@link ConfigurationListener} method. */
  static final class ConfigurationMethod implements ConfigurationHandler {
    final String beanName;
    final Object bean;
    final Method method;
    final String store;
    final List<String> keys;

    ConfigurationMethod(
        String beanName, Object bean, Method method, String store, List<String> keys) {
      this.beanName = beanName;
      this.bean = bean;
      this.method = method;
      this.store = store;
      this.keys = List.copyOf(keys);
      Class<?>[] p = method.getParameterTypes();
      if (p.length != 1 || p[0] != ConfigurationUpdate.class) {
        throw new ConfigurationException(where() + ": takes one ConfigurationUpdate");
      }
    }

    String where() {
      return "@ConfigurationListener "
          + method.getDeclaringClass().getName()
          + "#"
          + method.getName()
          + " (store '"
          + store
          + "')";
    }

    @Override
    public void onUpdate(ConfigurationUpdate update) throws Exception {
      try {
        method.invoke(bean, update);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw e;
      }
    }
  }

  /** A {@link BindingListener} method. */
  static final class BindingMethod implements BindingHandler {
    final String beanName;
    final Object bean;
    final Method method;
    final String binding;

    BindingMethod(String beanName, Object bean, Method method, String binding) {
      this.beanName = beanName;
      this.bean = bean;
      this.method = method;
      this.binding = binding;
      Class<?>[] p = method.getParameterTypes();
      if (p.length != 1
          || (p[0] != BindingEvent.class && p[0] != byte[].class && p[0] != String.class)) {
        throw new ConfigurationException(
            "@BindingListener "
                + method.getDeclaringClass().getName()
                + "#"
                + method.getName()
                + " (binding '"
                + binding
                + "'): takes one BindingEvent, byte[] or String");
      }
    }

    @Override
    public Object handle(BindingEvent event) throws Exception {
      Class<?> p = method.getParameterTypes()[0];
      Object arg =
          p == BindingEvent.class
              ? event
              : p == byte[].class ? event.data() : new String(event.data(), StandardCharsets.UTF_8);
      try {
        return method.invoke(bean, arg);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw e;
      }
    }
  }
}
