package dev.plumb.api.workflow.spi;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.WorkflowStoreException;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form in which native {@link WorkflowStore}s keep a step's events, a work item
 * and an instance record. Each encoding starts with a format byte ({@code 1}), then holds the
 * fields in a fixed order, big-endian: strings (UTF-8) and payloads as a 4-byte length ({@code -1}
 * for {@code null}) and their bytes, instants as epoch seconds (8 bytes) and nanoseconds (4 bytes),
 * an optional value behind a presence byte ({@code 0} or {@code 1}), enum constants by name, so
 * that a reordered enum never misreads stored data. Payloads are kept byte for byte. Stateless and
 * thread-safe.
 *
 * <p>Decoding checks the format byte, every length and count against the bytes present, and that
 * nothing follows the last field; bytes that fail a check raise a {@link WorkflowStoreException}
 * that names what could not be read and why, never the bytes themselves.
 */
public final class WorkflowBinaryCodec {
  private static final int FORMAT = 1;

  private WorkflowBinaryCodec() {}

  /**
   * Encodes the events one step appends to a history.
   *
   * @param events the events in order, possibly none; not {@code null}
   * @return the encoding
   */
  public static byte[] encodeEvents(List<HistoryEvent> events) {
    Writer w = new Writer(64 * events.size() + 8);
    w.integer(events.size());
    events.forEach(w::event);
    return w.done();
  }

  /**
   * Decodes the events of one step.
   *
   * @param data bytes holding an {@link #encodeEvents} encoding from {@code offset} to the end (a
   *     store may put framing of its own before it); not {@code null}
   * @param offset where the encoding starts
   * @return the events in order, a new mutable list
   * @throws WorkflowStoreException if the bytes are not such an encoding
   * @throws IndexOutOfBoundsException if {@code offset} is negative or past the end
   */
  public static List<HistoryEvent> decodeEvents(byte[] data, int offset) {
    Reader r = new Reader(data, offset, "history step");
    try {
      int n = r.count();
      List<HistoryEvent> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        events.add(r.event());
      }
      r.end();
      return events;
    } catch (BufferUnderflowException e) {
      throw r.corrupt("truncated");
    }
  }

  /**
   * Encodes a work item without its instance id, key and kind, which a store keeps beside it (they
   * are how it finds and removes the item).
   *
   * @param item the item; not {@code null}
   * @return the encoding of its due time, generation, attempt and event
   */
  public static byte[] encodeWork(WorkItem item) {
    Writer w = new Writer(128);
    w.instant(item.dueAt());
    w.number(item.generation());
    w.integer(item.attempt());
    w.event(item.event());
    return w.done();
  }

  /**
   * Decodes a work item.
   *
   * @param instanceId the instance the item belongs to, as stored beside it; not {@code null}
   * @param key its key; not {@code null}
   * @param kind its kind; not {@code null}
   * @param data bytes holding an {@link #encodeWork} encoding from {@code offset} to the end; not
   *     {@code null}
   * @param offset where the encoding starts
   * @return the item
   * @throws WorkflowStoreException if the bytes are not such an encoding; the message names the
   *     instance and key
   * @throws IndexOutOfBoundsException if {@code offset} is negative or past the end
   */
  public static WorkItem decodeWork(
      String instanceId, String key, WorkItem.Kind kind, byte[] data, int offset) {
    Reader r = new Reader(data, offset, "work item '" + key + "' of instance '" + instanceId + "'");
    try {
      Instant due = r.instant();
      long generation = r.number();
      int attempt = r.integer();
      HistoryEvent event = r.event();
      r.end();
      return new WorkItem(instanceId, key, kind, due, generation, attempt, event);
    } catch (BufferUnderflowException e) {
      throw r.corrupt("truncated");
    }
  }

  /**
   * Encodes an instance record, every field.
   *
   * @param record the record; not {@code null}
   * @return the encoding
   */
  public static byte[] encodeRecord(InstanceRecord record) {
    Writer w = new Writer(128);
    w.string(record.instanceId());
    w.string(record.name());
    w.string(record.versionName());
    w.string(record.status().name());
    w.instant(record.createdAt());
    w.instant(record.updatedAt());
    w.bytes(record.input());
    w.bytes(record.output());
    w.bytes(record.customStatus());
    w.failure(record.failure());
    w.string(record.stalledReason());
    w.string(record.parentInstanceId());
    w.number(record.generation());
    w.number(record.version());
    return w.done();
  }

  /**
   * Decodes an instance record.
   *
   * @param data an {@link #encodeRecord} encoding, all of the array; not {@code null}
   * @return the record
   * @throws WorkflowStoreException if the bytes are not such an encoding
   */
  public static InstanceRecord decodeRecord(byte[] data) {
    Reader r = new Reader(data, 0, "instance record");
    try {
      InstanceRecord record =
          new InstanceRecord(
              r.required(r.string(), "instance id"),
              r.required(r.string(), "name"),
              r.string(),
              r.status(),
              r.instant(),
              r.instant(),
              r.bytes(),
              r.bytes(),
              r.bytes(),
              r.failure(),
              r.string(),
              r.string(),
              r.number(),
              r.number());
      r.end();
      return record;
    } catch (BufferUnderflowException e) {
      throw r.corrupt("truncated");
    }
  }

  /** Appends big-endian fields to a growing array. */
  private static final class Writer {
    private final ByteArrayOutputStream out;
    private final byte[] scratch = new byte[8];

    Writer(int size) {
      out = new ByteArrayOutputStream(size);
      out.write(FORMAT);
    }

    void integer(int v) {
      ByteBuffer.wrap(scratch).putInt(v);
      out.write(scratch, 0, 4);
    }

    void number(long v) {
      ByteBuffer.wrap(scratch).putLong(v);
      out.write(scratch, 0, 8);
    }

    void flag(boolean present) {
      out.write(present ? 1 : 0);
    }

    void bytes(byte[] b) {
      if (b == null) {
        integer(-1);
      } else {
        integer(b.length);
        out.writeBytes(b);
      }
    }

    void string(String s) {
      bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    void instant(Instant t) {
      number(t.getEpochSecond());
      integer(t.getNano());
    }

    void failure(FailureDetails f) {
      flag(f != null);
      if (f != null) {
        string(f.errorType());
        string(f.errorMessage());
        string(f.stackTrace());
      }
    }

    void event(HistoryEvent e) {
      string(e.type().name());
      instant(e.timestamp());
      integer(e.taskId());
      string(e.name());
      bytes(e.data());
      flag(e.fireAt() != null);
      if (e.fireAt() != null) {
        instant(e.fireAt());
      }
      string(e.instanceId());
      integer(e.relatedId());
      number(e.generation());
      failure(e.failure());
      integer(e.patches().size());
      e.patches().forEach(this::string);
      string(e.traceParent());
    }

    byte[] done() {
      return out.toByteArray();
    }
  }

  /**
   * Reads fields, checking each against the bytes left; a read past the end throws {@link
   * BufferUnderflowException}, which the caller reports as truncated.
   */
  private static final class Reader {
    private final ByteBuffer in;
    private final String what;

    Reader(byte[] data, int offset, String what) {
      this.what = what;
      this.in = ByteBuffer.wrap(data, offset, data.length - offset);
      if (!in.hasRemaining()) {
        throw corrupt("empty");
      }
      int format = in.get() & 0xff;
      if (format != FORMAT) {
        throw corrupt("unknown format " + format + ", expected " + FORMAT);
      }
    }

    WorkflowStoreException corrupt(String reason) {
      return new WorkflowStoreException(
          "workflow store: a stored " + what + " is not readable: " + reason);
    }

    void end() {
      if (in.hasRemaining()) {
        throw corrupt(in.remaining() + " bytes after the last field");
      }
    }

    <T> T required(T value, String field) {
      if (value == null) {
        throw corrupt("no " + field);
      }
      return value;
    }

    int integer() {
      return in.getInt();
    }

    long number() {
      return in.getLong();
    }

    /** A count of items that take at least one byte each, so it cannot exceed the bytes left. */
    int count() {
      int n = in.getInt();
      if (n < 0 || n > in.remaining()) {
        throw corrupt("count out of range");
      }
      return n;
    }

    boolean flag() {
      byte b = in.get();
      if (b != 0 && b != 1) {
        throw corrupt("invalid presence byte");
      }
      return b == 1;
    }

    byte[] bytes() {
      int n = in.getInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > in.remaining()) {
        throw corrupt("length out of range");
      }
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }

    String string() {
      byte[] b = bytes();
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    Instant instant() {
      long seconds = in.getLong();
      int nanos = in.getInt();
      if (nanos < 0 || nanos > 999_999_999) {
        throw corrupt("nanoseconds out of range");
      }
      try {
        return Instant.ofEpochSecond(seconds, nanos);
      } catch (DateTimeException e) {
        throw corrupt("instant out of range");
      }
    }

    FailureDetails failure() {
      if (!flag()) {
        return null;
      }
      return new FailureDetails(required(string(), "error type"), string(), string());
    }

    WorkflowStatus status() {
      String name = required(string(), "status");
      for (WorkflowStatus s : WorkflowStatus.values()) {
        if (s.name().equals(name)) {
          return s;
        }
      }
      throw corrupt("unknown status");
    }

    EventType type() {
      String name = required(string(), "event type");
      for (EventType t : EventType.values()) {
        if (t.name().equals(name)) {
          return t;
        }
      }
      throw corrupt("unknown event type");
    }

    HistoryEvent event() {
      EventType type = type();
      Instant timestamp = instant();
      int taskId = integer();
      String name = string();
      byte[] data = bytes();
      Instant fireAt = flag() ? instant() : null;
      String instanceId = string();
      int relatedId = integer();
      long generation = number();
      FailureDetails failure = failure();
      int n = count();
      List<String> patches = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        patches.add(required(string(), "patch"));
      }
      String traceParent = string();
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
          traceParent);
    }
  }
}
