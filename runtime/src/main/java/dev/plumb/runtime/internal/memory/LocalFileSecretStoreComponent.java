package dev.plumb.runtime.internal.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dapr's {@code secretstores.local.file}: secrets from a JSON file, read once at start. Nested
 * objects and arrays are flattened with {@code nestedSeparator} ({@code connectionStrings:sql},
 * {@code hosts:0}). With {@code multiValued}, each top-level key is a secret whose keys are its
 * (flattened) children. Thread-safe (immutable after start); never logs values.
 */
final class LocalFileSecretStoreComponent implements SecretStoreComponent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Map<String, String>> secrets;
  private final boolean multiValued;

  private LocalFileSecretStoreComponent(
      Map<String, Map<String, String>> secrets, boolean multiValued) {
    this.secrets = secrets;
    this.multiValued = multiValued;
  }

  /**
   * Reads the file.
   *
   * @param file the JSON file
   * @param separator joins nested keys
   * @param multiValued whether top-level keys are multi-key secrets
   * @return the store
   * @throws ConfigurationException if the file is missing, unreadable or not a JSON object
   */
  static LocalFileSecretStoreComponent read(Path file, String separator, boolean multiValued) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      // As in daprd, a relative path starts at the process's working directory.
      throw new ConfigurationException(
          "metadata 'secretsFile': file '"
              + file
              + "' does not exist"
              + (file.isAbsolute()
                  ? ""
                  : " (relative paths start at the working directory, "
                      + Path.of("").toAbsolutePath()
                      + ")"));
    } catch (JsonProcessingException e) {
      // The parser's message may quote the file's content: give only the position.
      throw new ConfigurationException(
          "metadata 'secretsFile': file '"
              + file
              + "' is not valid JSON (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ")");
    } catch (IOException e) {
      throw new ConfigurationException(
          "metadata 'secretsFile': cannot read '" + file + "': " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException(
          "metadata 'secretsFile': file '" + file + "' must hold a JSON object");
    }
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> top = fields.next();
      if (multiValued && top.getValue().isContainerNode()) {
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> children = children(top.getValue());
        while (children.hasNext()) {
          Map.Entry<String, JsonNode> child = children.next();
          flatten(child.getKey(), child.getValue(), separator, values);
        }
        secrets.put(top.getKey(), Map.copyOf(values));
      } else {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(top.getKey(), top.getValue(), separator, flat);
        flat.forEach((k, v) -> secrets.put(k, Map.of(k, v)));
      }
    }
    return new LocalFileSecretStoreComponent(secrets, multiValued);
  }

  private static Iterator<Map.Entry<String, JsonNode>> children(JsonNode node) {
    if (node.isObject()) {
      return node.fields();
    }
    Map<String, JsonNode> byIndex = new LinkedHashMap<>();
    for (int i = 0; i < node.size(); i++) {
      byIndex.put(Integer.toString(i), node.get(i));
    }
    return byIndex.entrySet().iterator();
  }

  private static void flatten(
      String key, JsonNode node, String separator, Map<String, String> out) {
    if (node.isContainerNode()) {
      Iterator<Map.Entry<String, JsonNode>> children = children(node);
      while (children.hasNext()) {
        Map.Entry<String, JsonNode> child = children.next();
        flatten(key + separator + child.getKey(), child.getValue(), separator, out);
      }
    } else {
      out.put(key, node.isNull() ? "" : node.asText());
    }
  }

  @Override
  public boolean multipleKeyValuesPerSecret() {
    return multiValued;
  }

  @Override
  public Map<String, String> getSecret(GetSecretRequest request) {
    return secrets.get(request.name());
  }

  @Override
  public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
    return secrets;
  }

  @Override
  public String toString() {
    return "LocalFileSecretStoreComponent[secrets=" + secrets.size() + "]";
  }
}
