package dev.plumb.runtime.internal.resiliency;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.plumb.runtime.internal.resources.ResourceDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ResourceDocument}s from YAML text with each node's line, standing in for the
 * resources loader in these tests; and a runtime context around a settable clock.
 */
final class TestResources {
  static final Path FILE = Path.of("components", "resiliency.yaml");

  private TestResources() {}

  static List<ResourceDocument> parse(String yaml) {
    List<ResourceDocument> docs = new ArrayList<>();
    try (JsonParser p = new YAMLFactory().createParser(yaml)) {
      while (p.nextToken() != null) {
        int line = p.currentTokenLocation().getLineNr();
        Map<JsonNode, Integer> lines = new IdentityHashMap<>();
        JsonNode root = read(p, lines);
        List<String> scopes = new ArrayList<>();
        root.path("scopes").forEach(s -> scopes.add(s.asText()));
        docs.add(
            new ResourceDocument(
                FILE,
                line,
                root.path("apiVersion").asText(),
                root.path("kind").asText(),
                root.path("metadata").path("name").asText(),
                scopes,
                root,
                lines));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  private static JsonNode read(JsonParser p, Map<JsonNode, Integer> lines) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonNode node;
    switch (p.currentToken()) {
      case START_OBJECT:
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String field = p.currentName();
          p.nextToken();
          o.set(field, read(p, lines));
        }
        node = o;
        break;
      case START_ARRAY:
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(read(p, lines));
        }
        node = a;
        break;
      case VALUE_NUMBER_INT:
        // fresh instances (not the shared small-int cache) so each node keeps its own line
        node =
            p.getNumberType() == JsonParser.NumberType.INT
                ? new IntNode(p.getIntValue())
                : new LongNode(p.getLongValue());
        break;
      case VALUE_NUMBER_FLOAT:
        node = new DoubleNode(p.getDoubleValue());
        break;
      case VALUE_TRUE:
      case VALUE_FALSE:
        node = BooleanNode.valueOf(p.getBooleanValue());
        break;
      case VALUE_NULL:
        node = NullNode.getInstance();
        break;
      default:
        node = new TextNode(p.getText());
        break;
    }
    lines.put(node, line);
    return node;
  }
}
