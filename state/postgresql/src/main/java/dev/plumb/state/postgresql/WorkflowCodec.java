package dev.plumb.state.postgresql;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.WorkItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of history events and work items in the workflow tables' {@code bytea} columns: a
 * format byte, then the fields in order, strings and payloads length-prefixed ({@code -1} for
 * null), instants as epoch seconds and nanoseconds, enum constants by name, so that a reordered
 * enum never misreads a stored row. Payloads are kept byte for byte. Stateless.
 */
final class WorkflowCodec {
  private static final int FORMAT = 1;

  private WorkflowCodec() {}

  /** Encodes the events of one step. */
  static byte[] events(List<HistoryEvent> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * events.size() + 8);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeInt(events.size());
      for (HistoryEvent e : events) {
        writeEvent(out, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes the events of one step, adding them to {@code into}. */
  static void events(byte[] data, List<HistoryEvent> into) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      checkFormat(in);
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        into.add(readEvent(in));
      }
    } catch (IOException e) {
      throw new IllegalStateException("workflow history row is not readable", e);
    }
  }

  /** Encodes what a work row's columns do not hold: due time, generation, attempt and event. */
  static byte[] work(WorkItem w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      writeInstant(out, w.dueAt());
      out.writeLong(w.generation());
      out.writeInt(w.attempt());
      writeEvent(out, w.event());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes a work row. */
  static WorkItem work(String instanceId, String key, String kind, byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      checkFormat(in);
      Instant due = readInstant(in);
      long generation = in.readLong();
      int attempt = in.readInt();
      return new WorkItem(
          instanceId, key, WorkItem.Kind.valueOf(kind), due, generation, attempt, readEvent(in));
    } catch (IOException e) {
      throw new IllegalStateException("workflow work row is not readable", e);
    }
  }

  private static void checkFormat(DataInputStream in) throws IOException {
    int format = in.readUnsignedByte();
    if (format != FORMAT) {
      throw new IOException("unknown format " + format);
    }
  }

  private static void writeEvent(DataOutputStream out, HistoryEvent e) throws IOException {
    writeString(out, e.type().name());
    writeInstant(out, e.timestamp());
    out.writeInt(e.taskId());
    writeString(out, e.name());
    writeBytes(out, e.data());
    out.writeBoolean(e.fireAt() != null);
    if (e.fireAt() != null) {
      writeInstant(out, e.fireAt());
    }
    writeString(out, e.instanceId());
    out.writeInt(e.relatedId());
    out.writeLong(e.generation());
    FailureDetails f = e.failure();
    out.writeBoolean(f != null);
    if (f != null) {
      writeString(out, f.errorType());
      writeString(out, f.errorMessage());
      writeString(out, f.stackTrace());
    }
    out.writeInt(e.patches().size());
    for (String p : e.patches()) {
      writeString(out, p);
    }
    writeString(out, e.traceParent());
  }

  private static HistoryEvent readEvent(DataInputStream in) throws IOException {
    EventType type = EventType.valueOf(readString(in));
    Instant timestamp = readInstant(in);
    int taskId = in.readInt();
    String name = readString(in);
    byte[] data = readBytes(in);
    Instant fireAt = in.readBoolean() ? readInstant(in) : null;
    String instanceId = readString(in);
    int relatedId = in.readInt();
    long generation = in.readLong();
    FailureDetails failure =
        in.readBoolean()
            ? new FailureDetails(readString(in), readString(in), readString(in))
            : null;
    int n = in.readInt();
    List<String> patches = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      patches.add(readString(in));
    }
    return new HistoryEvent(
        type,
        timestamp,
        taskId,
        name,
        data,
        fireAt,
        instanceId,
        relatedId,
        generation,
        failure,
        patches,
        readString(in));
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    long seconds = in.readLong();
    return Instant.ofEpochSecond(seconds, in.readInt());
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] b = readBytes(in);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(b.length);
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Epoch nanoseconds, saturated at the {@code bigint} range (years 1677 to 2262). */
  static long nanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The instant of epoch nanoseconds. */
  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
