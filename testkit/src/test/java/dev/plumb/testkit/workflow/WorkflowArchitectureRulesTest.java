package dev.plumb.testkit.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Each rule flags what it should in a deliberately bad workflow and passes a clean one. */
class WorkflowArchitectureRulesTest {

  /** Reads the wall clock four ways. */
  static final class WallClock implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      long a = System.currentTimeMillis() + System.nanoTime();
      Instant b = Instant.now();
      LocalDateTime c = LocalDateTime.now();
      Clock d = Clock.systemUTC();
      return a + " " + b + c + d + new Date();
    }
  }

  /** Draws random values. */
  static final class Randomness implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return Math.random()
          + " "
          + new Random().nextInt()
          + UUID.randomUUID()
          + ThreadLocalRandom.current().nextInt()
          + new SecureRandom().nextLong();
    }
  }

  /** Starts threads and asynchronous work. */
  static final class Threads implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) throws Exception {
      Thread.sleep(10);
      var pool = Executors.newFixedThreadPool(2);
      try {
        return CompletableFuture.supplyAsync(() -> in, pool).get();
      } finally {
        pool.shutdown();
      }
    }
  }

  /** Does I/O, one call in a lambda. */
  static final class BlockingIo implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) throws Exception {
      Runnable r =
          () -> {
            try {
              DriverManager.getConnection("jdbc:none");
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          };
      r.run();
      System.out.println(URI.create("http://example.invalid").toURL());
      return Files.readString(Path.of(in));
    }
  }

  /** Uses the context's equivalents only. */
  static final class Clean implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      Instant now = ctx.getCurrentInstant();
      ctx.createTimer(Duration.ofMinutes(1)).await();
      ctx.getLogger().log(System.Logger.Level.INFO, "at {0}", now);
      try {
        return ctx.callActivity("Read", in, String.class).await() + ctx.newUuid();
      } catch (RuntimeException e) {
        throw new IllegalStateException(new IOException(e));
      }
    }
  }

  private static final JavaClasses CLASSES =
      new ClassFileImporter().importPackagesOf(WorkflowArchitectureRulesTest.class);

  private static String violations(ArchRule rule, Class<?> workflow) {
    EvaluationResult r = rule.evaluate(CLASSES);
    return String.join(
        "\n",
        r.getFailureReport().getDetails().stream()
            .filter(d -> d.contains(workflow.getName() + "."))
            .toList());
  }

  @Test
  void wallClockIsFlaggedWithTheContextsClock() {
    String v = violations(WorkflowArchitectureRules.NO_WALL_CLOCK, WallClock.class);
    assertThat(v)
        .contains("System.currentTimeMillis()")
        .contains("System.nanoTime()")
        .contains("Instant.now()")
        .contains("LocalDateTime.now()")
        .contains("Clock.systemUTC()")
        .contains("Date.<init>()");
    assertThat(
            WorkflowArchitectureRules.NO_WALL_CLOCK.evaluate(CLASSES).getFailureReport().toString())
        .contains("ctx.getCurrentInstant()");
  }

  @Test
  void randomnessIsFlaggedWithNewUuidAndActivities() {
    String v = violations(WorkflowArchitectureRules.NO_RANDOMNESS, Randomness.class);
    assertThat(v)
        .contains("Math.random()")
        .contains("UUID.randomUUID()")
        .contains("java.util.Random.<init>()")
        .contains("ThreadLocalRandom.current()")
        .contains("SecureRandom.<init>()");
    assertThat(
            WorkflowArchitectureRules.NO_RANDOMNESS.evaluate(CLASSES).getFailureReport().toString())
        .contains("ctx.newUuid()");
  }

  @Test
  void threadsAreFlaggedWithActivitiesAndTimers() {
    String v = violations(WorkflowArchitectureRules.NO_THREADS, Threads.class);
    assertThat(v)
        .contains("Thread.sleep(long)")
        .contains("Executors.newFixedThreadPool(int)")
        .contains("ExecutorService.shutdown()")
        .contains("CompletableFuture.supplyAsync(");
    assertThat(WorkflowArchitectureRules.NO_THREADS.evaluate(CLASSES).getFailureReport().toString())
        .contains("ctx.createTimer(...)");
  }

  @Test
  void blockingIoIsFlaggedWithActivities() {
    String v = violations(WorkflowArchitectureRules.NO_BLOCKING_IO, BlockingIo.class);
    assertThat(v)
        .contains("DriverManager.getConnection(")
        .contains("URI.toURL()")
        .contains("PrintStream.println(")
        .contains("Files.readString(");
    assertThat(
            WorkflowArchitectureRules.NO_BLOCKING_IO
                .evaluate(CLASSES)
                .getFailureReport()
                .toString())
        .contains("do it in an activity");
  }

  @Test
  void aWorkflowUsingOnlyItsContextPasses() {
    assertThat(violations(WorkflowArchitectureRules.DETERMINISTIC_WORKFLOWS, Clean.class))
        .isEmpty();
    assertThat(WorkflowArchitectureRules.DETERMINISTIC_WORKFLOWS.evaluate(CLASSES).hasViolation())
        .isTrue();
  }
}
