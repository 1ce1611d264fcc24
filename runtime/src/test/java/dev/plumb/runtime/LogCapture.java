package dev.plumb.runtime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple (the test logging backend, which writes to the current {@code
 * System.err}) logs while a block runs.
 */
final class LogCapture {
  private LogCapture() {}

  /** Runs a block. */
  interface Block {
    void run() throws Exception;
  }

  static String during(Block block) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setErr(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
