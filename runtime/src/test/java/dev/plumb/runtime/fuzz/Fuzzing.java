package dev.plumb.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.PlumbException;
import java.time.Duration;
import java.util.List;

/**
 * The contract of every fuzz target: whatever the input, only a {@link PlumbException} (or a JDK
 * exception the target's API documents) escapes, and no input runs longer than {@link #PER_INPUT}.
 */
public final class Fuzzing {
  /** The longest any one input may take; far beyond what a sane parser needs. */
  public static final Duration PER_INPUT = Duration.ofSeconds(10);

  private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();

  private Fuzzing() {}

  /** Code under test, fed one input. */
  @FunctionalInterface
  public interface Target {
    void run() throws Exception;
  }

  /**
   * Runs a target on one input and fails on anything but the allowed exceptions or a hang.
   *
   * @param target the code under test
   * @param documented JDK exceptions the target's API documents, besides Plumb's
   */
  public static void check(Target target, Class<?>... documented) {
    List<Class<?>> allowed = List.of(documented);
    if (FUZZING) {
      // libFuzzer watches for hangs itself (-timeout); a thread per input would slow it down.
      run(target, allowed);
    } else {
      assertTimeoutPreemptively(PER_INPUT, () -> run(target, allowed));
    }
  }

  private static void run(Target target, List<Class<?>> documented) {
    try {
      target.run();
    } catch (PlumbException e) {
      // the contract: a clean, typed refusal
    } catch (Exception e) {
      if (documented.stream().noneMatch(c -> c.isInstance(e))) {
        throw new AssertionError("undocumented exception " + e, e);
      }
    }
  }
}
