package dev.plumb.testkit.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A workflow instance's recorded history, for {@link WorkflowReplayer}: taken from a run ({@link
 * #of(Workflows, String)}) and kept as JSON next to the tests ({@link #toJson()}, {@link
 * #fromJson(String)}), so a code change can be replayed against histories of the code it replaces.
 * Payloads are base64 in the JSON. Immutable.
 */
public final class WorkflowHistory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String instanceId;
  private final List<HistoryEvent> events;

  private WorkflowHistory(String instanceId, List<HistoryEvent> events) {
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.events = List.copyOf(events);
  }

  /**
   * Reads an instance's history ({@link Workflows#history}).
   *
   * @param workflows the engine that ran it
   * @param instanceId the instance
   * @return the history
   * @throws dev.plumb.api.workflow.WorkflowNotFoundException if no instance has the id
   */
  public static WorkflowHistory of(Workflows workflows, String instanceId) {
    return new WorkflowHistory(instanceId, workflows.history(instanceId));
  }

  /**
   * Wraps events read elsewhere, such as from a {@code WorkflowStore}.
   *
   * @param instanceId the instance they belong to
   * @param events the events, oldest first
   * @return the history
   */
  public static WorkflowHistory of(String instanceId, List<HistoryEvent> events) {
    return new WorkflowHistory(instanceId, events);
  }

  /**
   * Returns the instance id.
   *
   * @return the id
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Returns the events, oldest first.
   *
   * @return the events
   */
  public List<HistoryEvent> events() {
    return events;
  }

  /**
   * Writes the history as JSON: {@code {"instanceId": ..., "events": [...]}}, one object per event
   * with its non-empty fields.
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("instanceId", instanceId);
    ArrayNode list = root.putArray("events");
    for (HistoryEvent e : events) {
      ObjectNode n = list.addObject();
      n.put("type", e.type().name());
      n.put("timestamp", e.timestamp().toString());
      n.put("taskId", e.taskId());
      putIfSet(n, "name", e.name());
      putIfSet(n, "data", e.data() == null ? null : Base64.getEncoder().encodeToString(e.data()));
      putIfSet(n, "fireAt", e.fireAt() == null ? null : e.fireAt().toString());
      putIfSet(n, "instanceId", e.instanceId());
      n.put("relatedId", e.relatedId());
      n.put("generation", e.generation());
      if (e.failure() != null) {
        ObjectNode f = n.putObject("failure");
        putIfSet(f, "errorType", e.failure().errorType());
        putIfSet(f, "errorMessage", e.failure().errorMessage());
        putIfSet(f, "stackTrace", e.failure().stackTrace());
      }
      if (!e.patches().isEmpty()) {
        ArrayNode p = n.putArray("patches");
        e.patches().forEach(p::add);
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (java.io.IOException x) {
      throw new IllegalStateException("cannot write a workflow history as JSON", x);
    }
  }

  /**
   * Reads a history written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the history
   * @throws IllegalArgumentException if the text is not such a history, naming the bad field
   */
  public static WorkflowHistory fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (java.io.IOException x) {
      throw new IllegalArgumentException("a workflow history is not valid JSON: " + x, x);
    }
    JsonNode list = root.path("events");
    if (!root.hasNonNull("instanceId") || !list.isArray()) {
      throw new IllegalArgumentException(
          "a workflow history needs an \"instanceId\" and an \"events\" array");
    }
    List<HistoryEvent> events = new ArrayList<>();
    for (JsonNode n : list) {
      try {
        JsonNode f = n.get("failure");
        List<String> patches = new ArrayList<>();
        n.path("patches").forEach(p -> patches.add(p.asText()));
        events.add(
            new HistoryEvent(
                EventType.valueOf(n.get("type").asText()),
                Instant.parse(n.get("timestamp").asText()),
                n.path("taskId").asInt(-1),
                text(n, "name"),
                n.hasNonNull("data") ? Base64.getDecoder().decode(n.get("data").asText()) : null,
                n.hasNonNull("fireAt") ? Instant.parse(n.get("fireAt").asText()) : null,
                text(n, "instanceId"),
                n.path("relatedId").asInt(-1),
                n.path("generation").asLong(0),
                f == null
                    ? null
                    : new FailureDetails(
                        text(f, "errorType"), text(f, "errorMessage"), text(f, "stackTrace")),
                patches));
      } catch (RuntimeException x) {
        throw new IllegalArgumentException(
            "workflow history event #" + events.size() + " is invalid: " + x, x);
      }
    }
    return new WorkflowHistory(root.get("instanceId").asText(), events);
  }

  private static void putIfSet(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  @Override
  public String toString() {
    return "WorkflowHistory[" + instanceId + ", " + events.size() + " events]";
  }
}
