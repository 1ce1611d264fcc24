package dev.plumb.runtime.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumb.api.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Dapr resource files: every {@code *.yaml} and {@code *.yml} of a folder (sorted by name,
 * not recursive) or a single file, several documents per file. Checks each document's {@code
 * apiVersion}, {@code kind} and {@code metadata.name}; what a kind's {@code spec} means is {@link
 * Resources}' business. Thread-safe (stateless).
 */
public final class ResourceLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceLoader.class);

  /** Kinds Plumb reads, with the API versions Dapr defines for them. */
  static final Map<String, Set<String>> KINDS =
      Map.of(
          "Component", Set.of("dapr.io/v1alpha1"),
          "Subscription", Set.of("dapr.io/v1alpha1", "dapr.io/v2alpha1"),
          "Resiliency", Set.of("dapr.io/v1alpha1"),
          "Configuration", Set.of("dapr.io/v1alpha1"));

  /** Dapr kinds that have no meaning in-process: skipped with a warning. */
  private static final Set<String> SKIPPED_KINDS =
      Set.of("HTTPEndpoint", "MCPServer", "WorkflowAccessPolicy");

  private ResourceLoader() {}

  /**
   * Loads every document of the given folders and files.
   *
   * @param paths folders or single files, in the order given
   * @param warnings receives skipped files and documents, and fields Dapr does not have
   * @return the documents, folder by folder, files sorted by name, documents in file order; their
   *     fields renamed to Dapr's spelling and without {@code null} fields (see {@link
   *     ResourceSchema})
   * @throws ConfigurationException listing every problem found, each naming file and line
   */
  public static List<ResourceDocument> load(List<Path> paths, Warnings warnings) {
    List<String> problems = new ArrayList<>();
    List<ResourceDocument> documents = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : files(path, warnings)) {
        try {
          for (YamlDocuments.Parsed parsed : YamlDocuments.read(file)) {
            ResourceDocument document = toDocument(file, parsed, problems, warnings);
            if (document != null) {
              documents.add(document);
            }
          }
        } catch (ConfigurationException e) {
          problems.addAll(e.problems());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return documents;
  }

  private static List<Path> files(Path path, Warnings warnings) {
    if (Files.isRegularFile(path)) {
      if (isYaml(path)) {
        return List.of(path);
      }
      warnings.add(LOG, "skipping " + path + ": not a .yaml or .yml file");
      return List.of();
    }
    if (!Files.isDirectory(path)) {
      throw new ConfigurationException(
          "resources path '" + path + "' is neither a folder nor a file");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(path)) {
      entries
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              f -> {
                if (isYaml(f)) {
                  files.add(f);
                } else {
                  warnings.add(LOG, "skipping " + f + ": not a .yaml or .yml file");
                }
              });
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot list resources folder '" + path + "': " + e.getMessage(), e);
    }
    return files;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static ResourceDocument toDocument(
      Path file, YamlDocuments.Parsed parsed, List<String> problems, Warnings warnings) {
    JsonNode root = parsed.root();
    String at = file + ":" + parsed.line();
    if (!root.isObject()) {
      problems.add(at + ": a resource must be a YAML mapping, got " + describe(root));
      return null;
    }
    // Field names match without regard to case, as in daprd; values are compared exactly.
    JsonNode kindNode = ResourceSchema.field(root, "kind");
    JsonNode apiNode = ResourceSchema.field(root, "apiVersion");
    String apiVersion = apiNode == null || !apiNode.isValueNode() ? "" : apiNode.asText();
    boolean hasKind = kindNode != null && kindNode.isTextual() && !kindNode.asText().isBlank();
    if (!apiVersion.isBlank() && !apiVersion.startsWith("dapr.io/")) {
      // daprd reads only its own kinds; a Kubernetes manifest in the folder is not an error.
      warnings.add(
          LOG,
          at
              + ": skipping "
              + (hasKind ? kindNode.asText() : "document")
              + " with apiVersion '"
              + apiVersion
              + "': not a Dapr resource");
      return null;
    }
    if (!hasKind) {
      problems.add(at + ": field 'kind' is missing");
      return null;
    }
    String kind = kindNode.asText();
    String kindAt = file + ":" + line(parsed, kindNode);
    if (SKIPPED_KINDS.contains(kind)) {
      warnings.add(
          LOG, kindAt + ": skipping " + kind + " resource: not used by an in-process runtime");
      return null;
    }
    Set<String> versions = KINDS.get(kind);
    if (versions == null) {
      problems.add(
          kindAt
              + ": field 'kind': unknown kind '"
              + kind
              + "'; expected one of Component, Configuration, Resiliency, Subscription"
              + Suggestions.closest(kind, KINDS.keySet())
                  .map(k -> " (did you mean " + k + "?)")
                  .orElse(""));
      return null;
    }
    if (apiVersion.isBlank()) {
      problems.add(at + ": field 'apiVersion' is missing");
      return null;
    }
    if (!versions.contains(apiVersion)) {
      problems.add(
          file
              + ":"
              + line(parsed, apiNode)
              + ": field 'apiVersion': unknown apiVersion '"
              + apiVersion
              + "' for kind "
              + kind
              + "; expected "
              + String.join(" or ", versions.stream().sorted().toList()));
      return null;
    }
    List<ResourceSchema.Finding> findings = new ArrayList<>();
    JsonNode normal =
        ResourceSchema.normalize(
            root, ResourceSchema.of(kind, apiVersion).orElseThrow(), "", parsed.lines(), findings);
    JsonNode metadata = normal.path("metadata");
    JsonNode nameNode = metadata.get("name");
    boolean named = nameNode != null && nameNode.isValueNode() && !nameNode.asText().isBlank();
    String owner =
        named ? kind.toLowerCase(Locale.ROOT) + " '" + nameNode.asText() + "' (" + at + ")" : at;
    for (ResourceSchema.Finding f : findings) {
      Integer keyLine = parsed.keyLines().get(f.node());
      int l = keyLine != null ? keyLine : line(parsed, f.node());
      warnings.add(
          LOG, owner + ": field '" + f.path() + "' (" + file + ":" + l + ") " + f.message());
    }
    if (!named) {
      int l = metadata.isMissingNode() ? parsed.line() : line(parsed, metadata);
      problems.add(file + ":" + l + ": " + kind + " has no field 'metadata.name'");
      return null;
    }
    List<String> scopes = new ArrayList<>();
    JsonNode scopesNode = normal.path("scopes");
    if (!scopesNode.isMissingNode()) {
      if (!scopesNode.isArray()) {
        problems.add(
            file + ":" + line(parsed, scopesNode) + ": field 'scopes': expected a list of app ids");
        return null;
      }
      scopesNode.forEach(s -> scopes.add(s.asText()));
    }
    return new ResourceDocument(
        file, parsed.line(), apiVersion, kind, nameNode.asText(), scopes, normal, parsed.lines());
  }

  private static int line(YamlDocuments.Parsed parsed, JsonNode node) {
    Integer l = parsed.lines().get(node);
    return l == null ? parsed.line() : l;
  }

  static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY:
        return "a list";
      case OBJECT:
        return "a mapping";
      case NULL:
        return "nothing";
      default:
        return "'" + node.asText() + "'";
    }
  }
}
