package dev.plumb.runtime.internal.resources;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.plumb.api.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML documents of one file into trees that remember the line of every node. Jackson's
 * tree model forgets locations, so the tree is built here from the streaming parser; every node is
 * a fresh instance (never one of Jackson's shared singletons) so an identity map can key on it.
 */
final class YamlDocuments {
  // The builder leaves EMPTY_STRING_AS_NULL off; on, a bare "key:" reads as null, as in Dapr.
  private static final YAMLFactory FACTORY =
      YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlDocuments() {}

  /**
   * One parsed document.
   *
   * @param root its tree
   * @param lines the line each node starts on, by identity
   * @param keyLines the line of the key of each value of a mapping, by identity of the value
   * @param line the document's first line
   */
  record Parsed(
      JsonNode root, Map<JsonNode, Integer> lines, Map<JsonNode, Integer> keyLines, int line) {}

  /**
   * Parses every document of a file; empty documents are left out.
   *
   * @param file the file, named in errors
   * @return the documents in file order
   * @throws ConfigurationException naming the file and line of a syntax error
   */
  static List<Parsed> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file, reader);
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot read the file: " + e.getMessage(), e);
    }
  }

  static List<Parsed> read(Path file, Reader reader) throws IOException {
    List<Parsed> documents = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(reader)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        Map<JsonNode, Integer> lines = new IdentityHashMap<>();
        Map<JsonNode, Integer> keyLines = new IdentityHashMap<>();
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode root = value(parser, token, lines, keyLines);
        // An empty document (a trailing "---") reads as null or as an empty string.
        if (!root.isNull() && !(root.isTextual() && root.asText().isBlank())) {
          documents.add(new Parsed(root, lines, keyLines, line));
        }
      }
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(malformed(file, e), e);
    }
    return documents;
  }

  /**
   * Describes a syntax error with the YAML parser's own explanation (a tab used for indentation, a
   * block that does not end where expected) at the line the parser points at.
   */
  private static String malformed(Path file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      StringBuilder sb =
          new StringBuilder()
              .append(file)
              .append(':')
              .append(at.getLine() + 1)
              .append(": malformed YAML: ")
              .append(yaml.getProblem())
              .append(" (column ")
              .append(at.getColumn() + 1);
      if (yaml.getContext() != null) {
        sb.append(", ").append(yaml.getContext());
        Mark context = yaml.getContextMark();
        if (context != null && context.getLine() != at.getLine()) {
          sb.append(" that starts at line ").append(context.getLine() + 1);
        }
      }
      return sb.append(')').toString();
    }
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr();
    return file + where + ": malformed YAML: " + firstLine(e.getOriginalMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }

  private static JsonNode value(
      JsonParser p, JsonToken token, Map<JsonNode, Integer> lines, Map<JsonNode, Integer> keyLines)
      throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonNode node;
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          int keyLine = p.currentTokenLocation().getLineNr();
          JsonNode member = value(p, p.nextToken(), lines, keyLines);
          keyLines.put(member, keyLine);
          object.set(name, member);
        }
        node = object;
        break;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          array.add(value(p, t, lines, keyLines));
        }
        node = array;
        break;
      case VALUE_STRING:
        node = new TextNode(p.getText());
        break;
      case VALUE_NUMBER_INT:
        node = integer(p);
        break;
      case VALUE_NUMBER_FLOAT:
        node = new DecimalNode(p.getDecimalValue());
        break;
      case VALUE_TRUE:
        node = new LineBoolean(true);
        break;
      case VALUE_FALSE:
        node = new LineBoolean(false);
        break;
      case VALUE_NULL:
        node = new LineNull();
        break;
      default:
        // Binary or embedded objects do not occur in YAML text; keep their text.
        node = new TextNode(p.getText());
    }
    lines.put(node, line);
    return node;
  }

  private static JsonNode integer(JsonParser p) throws IOException {
    switch (p.getNumberType()) {
      case INT:
        return new IntNode(p.getIntValue());
      case LONG:
        return new LongNode(p.getLongValue());
      default:
        return new BigIntegerNode(p.getBigIntegerValue());
    }
  }

  /** A boolean node of its own identity, so its line can be kept. */
  private static final class LineBoolean extends BooleanNode {
    private static final long serialVersionUID = 1L;

    LineBoolean(boolean value) {
      super(value);
    }
  }

  /** A null node of its own identity, so its line can be kept. */
  private static final class LineNull extends NullNode {
    private static final long serialVersionUID = 1L;
  }
}
