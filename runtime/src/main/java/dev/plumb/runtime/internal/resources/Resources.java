package dev.plumb.runtime.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.DaprValues;
import dev.plumb.runtime.internal.secrets.SecretScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources that apply to one app, typed: components, subscriptions, resiliency documents and
 * configurations. Resources whose {@code scopes} exclude the app id are left out, and so are those
 * of another namespace when both the runtime's namespace and the resource's are set.
 *
 * @param components the components, in load order
 * @param subscriptions the declarative subscriptions
 * @param resiliencies the {@code Resiliency} documents, as written
 * @param configurations the {@code Configuration} resources
 */
public record Resources(
    List<ComponentResource> components,
    List<SubscriptionResource> subscriptions,
    List<ResourceDocument> resiliencies,
    List<ConfigurationResource> configurations) {
  private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

  /** Copies the lists. */
  public Resources {
    components = List.copyOf(components);
    subscriptions = List.copyOf(subscriptions);
    resiliencies = List.copyOf(resiliencies);
    configurations = List.copyOf(configurations);
  }

  /**
   * Loads and types the resources of folders and files.
   *
   * @param paths folders or single files
   * @param appId the app id, for scopes
   * @param namespace the runtime's namespace; empty if unset
   * @param warnings receives what is ignored or skipped, each naming file, line and field
   * @return the resources that apply to the app
   * @throws ConfigurationException listing every problem, each naming file, line and field
   */
  public static Resources load(
      List<Path> paths, String appId, String namespace, Warnings warnings) {
    return from(ResourceLoader.load(paths, warnings), appId, namespace, warnings);
  }

  /**
   * Types already-loaded documents.
   *
   * @param documents the documents
   * @param appId the app id, for scopes
   * @param namespace the runtime's namespace; empty if unset
   * @param warnings receives what is ignored, each naming file, line and field
   * @return the resources that apply to the app
   * @throws ConfigurationException listing every problem, each naming file, line and field
   */
  public static Resources from(
      List<ResourceDocument> documents, String appId, String namespace, Warnings warnings) {
    List<String> problems = new ArrayList<>();
    List<ComponentResource> components = new ArrayList<>();
    List<SubscriptionResource> subscriptions = new ArrayList<>();
    List<ResourceDocument> resiliencies = new ArrayList<>();
    List<ConfigurationResource> configurations = new ArrayList<>();
    for (ResourceDocument d : documents) {
      if (!applies(d, appId, namespace)) {
        continue;
      }
      int before = problems.size();
      switch (d.kind()) {
        case "Component":
          ComponentResource c = component(d, problems, warnings);
          if (problems.size() == before) {
            components.add(c);
          }
          break;
        case "Subscription":
          SubscriptionResource s = subscription(d, problems);
          if (problems.size() == before) {
            subscriptions.add(s);
          }
          break;
        case "Resiliency":
          resiliencies.add(d);
          break;
        case "Configuration":
          ConfigurationResource conf = configuration(d, problems);
          if (problems.size() == before) {
            configurations.add(conf);
          }
          break;
        default:
          problems.add(d.where(null) + ": unknown kind '" + d.kind() + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new Resources(components, subscriptions, resiliencies, configurations);
  }

  /**
   * Returns the secret scopes of every configuration, by store name.
   *
   * @return store name to its scope
   * @throws ConfigurationException if two scopes name one store
   */
  public Map<String, SecretScope> secretScopes() {
    Map<String, SecretScope> scopes = new LinkedHashMap<>();
    Map<String, String> where = new LinkedHashMap<>();
    for (ConfigurationResource c : configurations) {
      for (SecretScope s : c.secretScopes()) {
        String here = c.document().where(null);
        String previous = where.putIfAbsent(s.storeName(), here);
        if (previous != null) {
          throw new ConfigurationException(
              "secret store '"
                  + s.storeName()
                  + "' has secret scopes in two Configuration resources: "
                  + previous
                  + " and "
                  + here);
        }
        scopes.put(s.storeName(), s);
      }
    }
    return scopes;
  }

  /**
   * Warns about every secret scope that names a secret store the app does not load: it has no
   * effect.
   *
   * @param secretStores the names of the loaded secret stores
   * @param warnings receives one warning per such scope
   */
  public void warnAboutScopesOfMissingStores(Set<String> secretStores, Warnings warnings) {
    for (ConfigurationResource c : configurations) {
      ResourceDocument d = c.document();
      for (JsonNode s : d.spec().path("secrets").path("scopes")) {
        String store = text(s.get("storeName"), null);
        if (store != null && !secretStores.contains(store)) {
          warnings.add(
              LOG,
              "configuration '"
                  + c.name()
                  + "' ("
                  + d.where(null)
                  + "): field 'spec.secrets.scopes[]' ("
                  + d.where(s)
                  + "): secret store '"
                  + store
                  + "' is not loaded, so this scope has no effect");
        }
      }
    }
  }

  private static boolean applies(ResourceDocument d, String appId, String namespace) {
    if (!d.scopes().isEmpty() && !d.scopes().contains(appId)) {
      LOG.debug("{}: {} '{}' is not scoped to app '{}'", d.where(null), d.kind(), d.name(), appId);
      return false;
    }
    String ns = d.root().path("metadata").path("namespace").asText("");
    if (!ns.isEmpty() && namespace != null && !namespace.isEmpty() && !ns.equals(namespace)) {
      LOG.debug("{}: {} '{}' is in namespace '{}'", d.where(null), d.kind(), d.name(), ns);
      return false;
    }
    return true;
  }

  private static ComponentResource component(
      ResourceDocument d, List<String> problems, Warnings warnings) {
    String owner = "component '" + d.name() + "' (" + d.where(null) + ")";
    JsonNode spec = d.spec();
    JsonNode typeNode = spec.get("type");
    String type = "";
    if (typeNode == null || !typeNode.isValueNode() || typeNode.asText().isBlank()) {
      problems.add(owner + ": field 'spec.type' is missing");
    } else {
      type = typeNode.asText().trim();
    }
    String version = text(spec.get("version"), "v1");
    List<MetadataEntry> metadata = new ArrayList<>();
    JsonNode list = spec.get("metadata");
    if (list != null) {
      if (!list.isArray()) {
        problems.add(
            owner + ": field 'spec.metadata' (" + d.where(list) + "): expected a list of entries");
      } else {
        for (int i = 0; i < list.size(); i++) {
          MetadataEntry e = metadataEntry(d, owner, list.get(i), i, problems);
          if (e != null) {
            metadata.add(e);
          }
        }
        repeatedNames(d, owner, metadata, problems, warnings);
      }
    }
    Duration initTimeout = ComponentResource.DEFAULT_INIT_TIMEOUT;
    JsonNode timeoutNode = spec.get("initTimeout");
    if (timeoutNode != null && !timeoutNode.isNull() && !timeoutNode.asText().isBlank()) {
      try {
        initTimeout = DaprValues.parseDuration(timeoutNode.asText());
        if (initTimeout.isNegative() || initTimeout.isZero()) {
          throw new IllegalArgumentException("not positive");
        }
      } catch (IllegalArgumentException e) {
        problems.add(
            owner
                + ": field 'spec.initTimeout' ("
                + d.where(timeoutNode)
                + "): expected a positive duration such as 5s, got "
                + ResourceLoader.describe(timeoutNode));
      }
    }
    boolean ignoreErrors =
        bool(d, owner, "spec.ignoreErrors", spec.get("ignoreErrors"), false, problems);
    JsonNode storeNode = d.root().path("auth").get("secretStore");
    String secretStore =
        storeNode == null || storeNode.asText().isBlank() ? null : storeNode.asText();
    return new ComponentResource(
        d.name(),
        d.root().path("metadata").path("namespace").asText(""),
        type,
        version,
        metadata,
        initTimeout,
        ignoreErrors,
        secretStore,
        d.scopes(),
        d,
        typeNode == null ? d.line() : d.lineOf(typeNode));
  }

  /**
   * Checks names given twice. Dapr keeps the later of two equal names, and its components refuse
   * two names that differ only in case (they match names without regard to case).
   */
  private static void repeatedNames(
      ResourceDocument d,
      String owner,
      List<MetadataEntry> metadata,
      List<String> problems,
      Warnings warnings) {
    Map<String, MetadataEntry> seen = new HashMap<>();
    for (MetadataEntry e : metadata) {
      MetadataEntry previous = seen.put(e.name().toLowerCase(Locale.ROOT), e);
      if (previous == null) {
        continue;
      }
      String both =
          owner
              + ": metadata '"
              + previous.name()
              + "' ("
              + where(d, previous)
              + ") and '"
              + e.name()
              + "' ("
              + where(d, e)
              + ")";
      if (previous.name().equals(e.name())) {
        warnings.add(LOG, both + " are one field given twice; the later one is used");
      } else {
        problems.add(both + " name one field (names ignore case); keep one of them");
      }
    }
  }

  private static String where(ResourceDocument d, MetadataEntry e) {
    return (d.file() == null ? "<code>" : d.file().toString()) + ":" + e.line();
  }

  private static MetadataEntry metadataEntry(
      ResourceDocument d, String owner, JsonNode entry, int index, List<String> problems) {
    String field = "spec.metadata[" + index + "]";
    if (!entry.isObject()) {
      problems.add(
          owner + ": field '" + field + "' (" + d.where(entry) + "): expected name and value");
      return null;
    }
    JsonNode nameNode = entry.get("name");
    if (nameNode == null || !nameNode.isValueNode() || nameNode.asText().isBlank()) {
      problems.add(owner + ": field '" + field + ".name' (" + d.where(entry) + ") is missing");
      return null;
    }
    String name = nameNode.asText();
    int line = d.lineOf(entry);
    JsonNode value = entry.get("value");
    JsonNode ref = entry.get("secretKeyRef");
    JsonNode env = entry.get("envRef");
    int given = (value != null ? 1 : 0) + (ref != null ? 1 : 0) + (env != null ? 1 : 0);
    String fieldName = owner + ": metadata '" + name + "' (" + d.where(entry) + ")";
    if (given > 1) {
      problems.add(fieldName + ": give only one of value, secretKeyRef and envRef");
      return null;
    }
    if (ref != null) {
      JsonNode secretName = ref.get("name");
      if (!ref.isObject() || secretName == null || secretName.asText().isBlank()) {
        problems.add(fieldName + ": field 'secretKeyRef.name' is missing");
        return null;
      }
      JsonNode key = ref.get("key");
      String keyText = key == null || key.isNull() || key.asText().isBlank() ? null : key.asText();
      return new MetadataEntry(
          name, null, new MetadataEntry.SecretKeyRef(secretName.asText(), keyText), null, line);
    }
    if (env != null) {
      if (!env.isValueNode() || env.asText().isBlank()) {
        problems.add(fieldName + ": field 'envRef': expected an environment variable's name");
        return null;
      }
      return new MetadataEntry(name, null, null, env.asText(), line);
    }
    return MetadataEntry.plain(name, scalar(value), line);
  }

  /** A plain metadata value as text: scalars as written, mappings and lists as JSON. */
  private static String scalar(JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static SubscriptionResource subscription(ResourceDocument d, List<String> problems) {
    String owner = "subscription '" + d.name() + "' (" + d.where(null) + ")";
    JsonNode spec = d.spec();
    String pubsub = required(d, owner, spec, "pubsubname", problems);
    String topic = required(d, owner, spec, "topic", problems);
    List<SubscriptionResource.Rule> rules = new ArrayList<>();
    String defaultRoute;
    if ("dapr.io/v1alpha1".equals(d.apiVersion())) {
      defaultRoute = text(spec.get("route"), null);
    } else {
      JsonNode routes = spec.path("routes");
      defaultRoute = text(routes.get("default"), null);
      JsonNode ruleList = routes.get("rules");
      if (ruleList != null && !ruleList.isNull()) {
        if (!ruleList.isArray()) {
          problems.add(
              owner + ": field 'spec.routes.rules' (" + d.where(ruleList) + "): expected a list");
        } else {
          for (JsonNode r : ruleList) {
            String path = text(r.get("path"), null);
            if (path == null) {
              problems.add(
                  owner + ": field 'spec.routes.rules[].path' (" + d.where(r) + ") is missing");
            } else {
              rules.add(new SubscriptionResource.Rule(text(r.get("match"), ""), path));
            }
          }
        }
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = spec.get("metadata");
    if (meta != null && meta.isObject()) {
      meta.fields().forEachRemaining(e -> metadata.put(e.getKey(), scalar(e.getValue())));
    } else if (meta != null && !meta.isNull()) {
      problems.add(owner + ": field 'spec.metadata' (" + d.where(meta) + "): expected a mapping");
    }
    SubscriptionResource.BulkSubscribe bulk = SubscriptionResource.BulkSubscribe.DISABLED;
    JsonNode bulkNode = spec.get("bulkSubscribe");
    if (bulkNode != null && bulkNode.isObject()) {
      bulk =
          new SubscriptionResource.BulkSubscribe(
              bool(
                  d, owner, "spec.bulkSubscribe.enabled", bulkNode.get("enabled"), false, problems),
              integer(
                  d,
                  owner,
                  "spec.bulkSubscribe.maxMessagesCount",
                  bulkNode.get("maxMessagesCount"),
                  bulk.maxMessagesCount(),
                  problems),
              integer(
                  d,
                  owner,
                  "spec.bulkSubscribe.maxAwaitDurationMs",
                  bulkNode.get("maxAwaitDurationMs"),
                  bulk.maxAwaitDurationMs(),
                  problems));
    }
    return new SubscriptionResource(
        d.name(),
        pubsub,
        topic,
        rules,
        defaultRoute,
        metadata,
        text(spec.get("deadLetterTopic"), null),
        bulk,
        d.scopes(),
        d);
  }

  private static ConfigurationResource configuration(ResourceDocument d, List<String> problems) {
    String owner = "configuration '" + d.name() + "' (" + d.where(null) + ")";
    List<SecretScope> scopes = new ArrayList<>();
    JsonNode list = d.spec().path("secrets").get("scopes");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        problems.add(
            owner + ": field 'spec.secrets.scopes' (" + d.where(list) + "): expected a list");
      } else {
        Set<String> seen = new HashSet<>();
        for (JsonNode s : list) {
          String store = text(s.get("storeName"), null);
          String at = owner + ": field 'spec.secrets.scopes[]' (" + d.where(s) + ")";
          if (store == null) {
            problems.add(at + ": 'storeName' is missing");
            continue;
          }
          if (!seen.add(store)) {
            problems.add(at + ": store '" + store + "' is scoped twice");
            continue;
          }
          String written = text(s.get("defaultAccess"), "allow");
          String access = written.toLowerCase(Locale.ROOT);
          if (!access.equals("allow") && !access.equals("deny")) {
            problems.add(at + ": 'defaultAccess' must be allow or deny, got '" + written + "'");
            continue;
          }
          scopes.add(
              new SecretScope(
                  store,
                  access.equals("allow"),
                  strings(s.get("allowedSecrets")),
                  strings(s.get("deniedSecrets"))));
        }
      }
    }
    OptionalDouble samplingRate = OptionalDouble.empty();
    JsonNode rate = d.spec().path("tracing").get("samplingRate");
    if (rate != null && !rate.isNull() && !rate.asText().isBlank()) {
      try {
        double r = Double.parseDouble(rate.asText().trim());
        if (r < 0 || r > 1) {
          throw new NumberFormatException("out of range");
        }
        samplingRate = OptionalDouble.of(r);
      } catch (NumberFormatException e) {
        problems.add(
            owner
                + ": field 'spec.tracing.samplingRate' ("
                + d.where(rate)
                + "): expected a number between 0 and 1, got "
                + ResourceLoader.describe(rate));
      }
    }
    return new ConfigurationResource(d.name(), scopes, samplingRate, d);
  }

  private static Set<String> strings(JsonNode list) {
    Set<String> out = new HashSet<>();
    if (list != null && list.isArray()) {
      list.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static String required(
      ResourceDocument d, String owner, JsonNode spec, String field, List<String> problems) {
    String value = text(spec.get(field), null);
    if (value == null) {
      problems.add(owner + ": field 'spec." + field + "' is missing");
      return "";
    }
    return value;
  }

  private static String text(JsonNode node, String defaultValue) {
    return node == null || node.isNull() || !node.isValueNode() || node.asText().isBlank()
        ? defaultValue
        : node.asText().trim();
  }

  private static boolean bool(
      ResourceDocument d,
      String owner,
      String field,
      JsonNode node,
      boolean defaultValue,
      List<String> problems) {
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String t = node.asText().trim().toLowerCase(Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return t.equals("true");
    }
    problems.add(
        owner
            + ": field '"
            + field
            + "' ("
            + d.where(node)
            + "): expected true or false, got "
            + ResourceLoader.describe(node));
    return defaultValue;
  }

  private static int integer(
      ResourceDocument d,
      String owner,
      String field,
      JsonNode node,
      int defaultValue,
      List<String> problems) {
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(node.asText().trim());
    } catch (NumberFormatException e) {
      problems.add(
          owner
              + ": field '"
              + field
              + "' ("
              + d.where(node)
              + "): expected an integer, got "
              + ResourceLoader.describe(node));
      return defaultValue;
    }
  }
}
