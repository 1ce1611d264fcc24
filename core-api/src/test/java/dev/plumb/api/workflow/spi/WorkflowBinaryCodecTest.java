package dev.plumb.api.workflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.WorkflowStoreException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkflowBinaryCodecTest {
  private static final Instant T = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
  private static final String SECRET = "secret-payload";
  private static final String TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  /** Every component set to a value other than its default, so a dropped field shows. */
  private static HistoryEvent full() {
    return new HistoryEvent(
        EventType.TASK_FAILED,
        T,
        7,
        "zahlung-ü-支付-😀",
        SECRET.getBytes(StandardCharsets.UTF_8),
        Instant.ofEpochSecond(-62_000_000_000L, 999_999_999),
        "child-ß",
        -3,
        Long.MAX_VALUE,
        new FailureDetails("java.lang.IllegalStateException", "nö 😀", "at a\n\tat b"),
        List.of("v1", "patch-ä", ""),
        TRACE);
  }

  @Test
  void eventsRoundTripEveryComponent() {
    assertThat(HistoryEvent.class.getRecordComponents()).hasSize(12);
    HistoryEvent bare = HistoryEvent.of(EventType.WORKFLOW_STARTED, Instant.EPOCH, -1, null);
    HistoryEvent started =
        new HistoryEvent(
                EventType.EXECUTION_STARTED,
                Instant.MAX,
                0,
                "wf",
                new byte[0],
                null,
                null,
                -1,
                1,
                new FailureDetails("E", null, null),
                List.of("1.0", "2.0"))
            .withTraceParent(TRACE);
    List<HistoryEvent> events = List.of(full(), bare, started);

    List<HistoryEvent> back =
        WorkflowBinaryCodec.decodeEvents(WorkflowBinaryCodec.encodeEvents(events), 0);

    assertThat(back).hasSize(3);
    for (int i = 0; i < events.size(); i++) {
      assertSameComponents(events.get(i), back.get(i));
    }
    assertThat(back.get(1).data()).isNull();
    assertThat(back.get(1).patches()).isEmpty();
    assertThat(back.get(1).traceParent()).isNull();
    assertThat(back.get(2).data()).isEmpty();
  }

  @Test
  void elevenArgumentEventKeepsNoTraceParent() {
    HistoryEvent e =
        new HistoryEvent(
            EventType.TIMER_FIRED, T, 4, null, null, T, null, -1, 3, null, List.of("p"));
    HistoryEvent back =
        WorkflowBinaryCodec.decodeEvents(WorkflowBinaryCodec.encodeEvents(List.of(e)), 0).get(0);
    assertSameComponents(e, back);
    assertThat(back.traceParent()).isNull();
  }

  @Test
  void noEventsRoundTrip() {
    assertThat(WorkflowBinaryCodec.decodeEvents(WorkflowBinaryCodec.encodeEvents(List.of()), 0))
        .isEmpty();
  }

  @Test
  void decodesAfterTheStoresOwnFraming() {
    byte[] events = WorkflowBinaryCodec.encodeEvents(List.of(full()));
    byte[] framed = new byte[events.length + 3];
    framed[0] = '4';
    framed[1] = '2';
    framed[2] = '\n';
    System.arraycopy(events, 0, framed, 3, events.length);
    assertSameComponents(full(), WorkflowBinaryCodec.decodeEvents(framed, 3).get(0));
  }

  @ParameterizedTest
  @EnumSource(WorkItem.Kind.class)
  void workRoundTripsWithTheIdentityGivenBack(WorkItem.Kind kind) {
    WorkItem item = new WorkItem("wf-ü", "a:7", kind, T, 5, 2, full());
    byte[] framed = prefixed('A', WorkflowBinaryCodec.encodeWork(item));

    WorkItem back = WorkflowBinaryCodec.decodeWork("wf-ü", "a:7", kind, framed, 1);

    assertSameComponents(item, back);
  }

  @Test
  void workEncodingLeavesOutWhatTheStoreKeepsBesideIt() {
    WorkItem item =
        new WorkItem("instance-id-x", "key-y", WorkItem.Kind.MESSAGE, T, 1, 0, bareEvent());
    String text = new String(WorkflowBinaryCodec.encodeWork(item), StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("instance-id-x", "key-y", "MESSAGE");
  }

  @Test
  void recordRoundTripsEveryComponent() {
    InstanceRecord full =
        new InstanceRecord(
            "id-😀",
            "Bestellung",
            "2.0",
            WorkflowStatus.FAILED,
            T,
            T.plusNanos(1),
            new byte[] {0, -1, 127},
            new byte[0],
            "\"status\"".getBytes(StandardCharsets.UTF_8),
            new FailureDetails("E", "m", "s"),
            "patch mismatch",
            "parent-1",
            3,
            9);
    InstanceRecord bare =
        new InstanceRecord(
            "id",
            "wf",
            null,
            WorkflowStatus.RUNNING,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null,
            null,
            null,
            null,
            1,
            1);

    for (InstanceRecord r : List.of(full, bare)) {
      assertSameComponents(
          r, WorkflowBinaryCodec.decodeRecord(WorkflowBinaryCodec.encodeRecord(r)));
    }
  }

  /** Bytes the PostgreSQL store wrote before the codec moved here: its rows stay readable. */
  @Test
  void readsWhatThePostgresqlStoreWroteBefore() {
    byte[] events =
        HexFormat.of()
            .parseHex(
                "01000000020000000b5441534b5f4641494c4544000000006553f100075bcd150000000700000003"
                    + "7061790000000301020301000000006553f13c00000005000000076368696c642d3100000003"
                    + "0000000000000002010000001f6a6176612e6c616e672e496c6c6567616c5374617465457863"
                    + "657074696f6e000000026e6f000000046174207800000002000000027631000000027632000000"
                    + "3730302d30616637363531393136636434336464383434386562323131633830333139632d6237"
                    + "61643662373136393230333333312d303100000010574f524b464c4f575f5354415254454400"
                    + "0000006553f10000000000ffffffffffffffffffffffff00ffffffffffffffff000000000000"
                    + "00000000000000ffffffff");
    byte[] work =
        HexFormat.of()
            .parseHex(
                "01000000006553f101000000090000000000000002000000030000001057"
                    + "4f524b464c4f575f53544152544544000000006553f10000000000ffffffffffffffffffffff"
                    + "ff00ffffffffffffffff00000000000000000000000000ffffffff");
    HistoryEvent failed =
        new HistoryEvent(
            EventType.TASK_FAILED,
            T,
            7,
            "pay",
            new byte[] {1, 2, 3},
            Instant.ofEpochSecond(1_700_000_060L, 5),
            "child-1",
            3,
            2,
            new FailureDetails("java.lang.IllegalStateException", "no", "at x"),
            List.of("v1", "v2"),
            TRACE);
    HistoryEvent bare =
        HistoryEvent.of(
            EventType.WORKFLOW_STARTED, Instant.ofEpochSecond(1_700_000_000L), -1, null);

    List<HistoryEvent> back = WorkflowBinaryCodec.decodeEvents(events, 0);
    assertThat(back).hasSize(2);
    assertSameComponents(failed, back.get(0));
    assertSameComponents(bare, back.get(1));
    assertThat(WorkflowBinaryCodec.encodeEvents(List.of(failed, bare))).isEqualTo(events);

    WorkItem item =
        new WorkItem(
            "wf-1",
            "a:7",
            WorkItem.Kind.ACTIVITY,
            Instant.ofEpochSecond(1_700_000_001L, 9),
            2,
            3,
            bare);
    assertSameComponents(
        item, WorkflowBinaryCodec.decodeWork("wf-1", "a:7", WorkItem.Kind.ACTIVITY, work, 0));
    assertThat(WorkflowBinaryCodec.encodeWork(item)).isEqualTo(work);
  }

  @Test
  void unknownFormatIsNamed() {
    byte[] events = WorkflowBinaryCodec.encodeEvents(List.of(full()));
    events[0] = 0;
    assertThatThrownBy(() -> WorkflowBinaryCodec.decodeEvents(events, 0))
        .isInstanceOf(WorkflowStoreException.class)
        .hasMessage(
            "workflow store: a stored history step is not readable: unknown format 0, expected 1");
    assertThatThrownBy(() -> WorkflowBinaryCodec.decodeRecord(new byte[0]))
        .isInstanceOf(WorkflowStoreException.class)
        .hasMessage("workflow store: a stored instance record is not readable: empty");
  }

  @Test
  void corruptWorkNamesTheItem() {
    byte[] work =
        WorkflowBinaryCodec.encodeWork(
            new WorkItem("wf", "t:1", WorkItem.Kind.TIMER, T, 1, 0, full()));
    byte[] longer = Arrays.copyOf(work, work.length + 1);
    assertThatThrownBy(
            () -> WorkflowBinaryCodec.decodeWork("wf", "t:1", WorkItem.Kind.TIMER, longer, 0))
        .isInstanceOf(WorkflowStoreException.class)
        .hasMessage(
            "workflow store: a stored work item 't:1' of instance 'wf' is not readable: 1 bytes"
                + " after the last field");
  }

  @Test
  void unknownEventTypeIsRejected() {
    byte[] events = WorkflowBinaryCodec.encodeEvents(List.of(bareEvent()));
    // the type's name starts after the format byte, the count and the name's length
    events[9] = 'X';
    assertThatThrownBy(() -> WorkflowBinaryCodec.decodeEvents(events, 0))
        .isInstanceOf(WorkflowStoreException.class)
        .hasMessageEndingWith("unknown event type");
  }

  /**
   * Every truncation and every single corrupted byte of valid encodings either decodes or raises
   * the codec's exception, never another one, and no message shows stored data.
   */
  @Test
  void damagedBytesRaiseOnlyTheCodecsException() {
    InstanceRecord record =
        new InstanceRecord(
            "id",
            "wf",
            "v",
            WorkflowStatus.COMPLETED,
            T,
            T,
            SECRET.getBytes(StandardCharsets.UTF_8),
            null,
            null,
            new FailureDetails("E", SECRET, null),
            null,
            null,
            1,
            2);
    check(
        WorkflowBinaryCodec.encodeEvents(List.of(full(), bareEvent())),
        b -> WorkflowBinaryCodec.decodeEvents(b, 0));
    check(
        WorkflowBinaryCodec.encodeWork(
            new WorkItem("wf", "k", WorkItem.Kind.TIMER, T, 1, 0, full())),
        b -> WorkflowBinaryCodec.decodeWork("wf", "k", WorkItem.Kind.TIMER, b, 0));
    check(WorkflowBinaryCodec.encodeRecord(record), WorkflowBinaryCodec::decodeRecord);
  }

  private static void check(byte[] valid, Function<byte[], Object> decode) {
    for (int n = 0; n < valid.length; n++) {
      byte[] cut = Arrays.copyOf(valid, n);
      assertThatThrownBy(() -> decode.apply(cut))
          .as("truncated to %d bytes", n)
          .isInstanceOf(WorkflowStoreException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
    for (int i = 0; i < valid.length; i++) {
      for (byte value : new byte[] {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff}) {
        byte[] damaged = valid.clone();
        damaged[i] = value;
        try {
          decode.apply(damaged);
        } catch (WorkflowStoreException e) {
          assertThat(e.getMessage()).doesNotContain(SECRET);
          assertThat(e.getCause()).isNull();
        } catch (RuntimeException e) {
          fail("byte " + i + " set to " + value + " raised " + e, e);
        }
      }
    }
  }

  private static HistoryEvent bareEvent() {
    return HistoryEvent.of(EventType.EVENT_RAISED, T, -1, "approval");
  }

  private static byte[] prefixed(char c, byte[] b) {
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) c;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  /**
   * Compares two records component by component (arrays by content, events recursively, since
   * {@link HistoryEvent} and {@link InstanceRecord} compare by identity).
   */
  private static void assertSameComponents(Record expected, Record actual) {
    assertThat(actual).isNotNull();
    assertThat(actual.getClass()).isEqualTo(expected.getClass());
    for (RecordComponent c : expected.getClass().getRecordComponents()) {
      Object want = value(c, expected);
      Object got = value(c, actual);
      if (want instanceof HistoryEvent e) {
        assertSameComponents(e, (Record) got);
      } else if (!Objects.deepEquals(want, got)) {
        fail(expected.getClass().getSimpleName() + "." + c.getName() + " differs");
      }
    }
  }

  private static Object value(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
