package dev.plumb.testkit.workflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.plumb.api.workflow.Workflow;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Dapr's determinism rules for workflow code, as ArchUnit rules over the classes that implement
 * {@link Workflow} (their lambdas included, which compile into them): no wall clock, no random
 * numbers, no threads, no blocking I/O. Each violation names the replay-safe alternative. Code a
 * workflow calls in other classes is not checked, nor are workflows written as lambdas outside a
 * {@code Workflow} class. Check them in a test: {@code @ArchTest static final ArchRule rule =
 * WorkflowArchitectureRules.DETERMINISTIC_WORKFLOWS;}.
 */
public final class WorkflowArchitectureRules {
  private static final Set<String> CLOCKS = Set.of("systemUTC", "systemDefaultZone", "system");
  private static final Set<String> IO_PACKAGES =
      Set.of("java.net", "java.nio.file", "java.nio.channels", "java.sql");
  private static final Set<String> IO_TYPES =
      Set.of(
          "java.io.InputStream",
          "java.io.OutputStream",
          "java.io.Reader",
          "java.io.Writer",
          "java.io.File",
          "java.io.RandomAccessFile",
          "java.io.Console");

  private WorkflowArchitectureRules() {}

  /** Reading the wall clock: the time would differ on replay. */
  public static final ArchRule NO_WALL_CLOCK =
      noClasses()
          .that()
          .implement(Workflow.class)
          .should()
          .callMethodWhere(
              call(
                  "read the wall clock (System.currentTimeMillis/nanoTime, java.time *.now,"
                      + " Clock.system*)",
                  c ->
                      owner(c, "java.lang.System")
                              && (c.getName().equals("currentTimeMillis")
                                  || c.getName().equals("nanoTime"))
                          || c.getTargetOwner().getPackageName().equals("java.time")
                              && c.getName().equals("now")
                          || owner(c, "java.time.Clock") && CLOCKS.contains(c.getName())))
          .orShould()
          .callConstructorWhere(
              constructor(
                  "create a java.util.Date of the current time",
                  c ->
                      owner(c, "java.util.Date") && c.getTarget().getRawParameterTypes().isEmpty()))
          .because(
              "a workflow replays with the time recorded in its history: use"
                  + " ctx.getCurrentInstant(), and ctx.createTimer(...) to wait");

  /** Random numbers and random UUIDs: a replay would draw others. */
  public static final ArchRule NO_RANDOMNESS =
      noClasses()
          .that()
          .implement(Workflow.class)
          .should()
          .callMethodWhere(
              call(
                  "draw random numbers (Math.random, UUID.randomUUID)",
                  c ->
                      (owner(c, "java.lang.Math") || owner(c, "java.lang.StrictMath"))
                              && c.getName().equals("random")
                          || owner(c, "java.util.UUID") && c.getName().equals("randomUUID")))
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(java.util.Random.class)
          .because(
              "a replay would draw other values: use ctx.newUuid() for ids, and draw other random"
                  + " values in an activity, whose result is recorded");

  /** Threads, executors and asynchronous futures: they run outside the workflow's history. */
  public static final ArchRule NO_THREADS =
      noClasses()
          .that()
          .implement(Workflow.class)
          .should()
          .dependOnClassesThat()
          .areAssignableTo(Thread.class)
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(java.util.concurrent.Executor.class)
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.concurrent.Executors")
          .orShould()
          .callMethodWhere(
              call(
                  "start CompletableFuture work (*Async)",
                  c ->
                      owner(c, "java.util.concurrent.CompletableFuture")
                          && c.getName().endsWith("Async")))
          .because(
              "work outside the workflow's thread is not recorded or replayed: run it in"
                  + " activities (ctx.callActivity, ctx.allOf for fan-out) and wait with"
                  + " ctx.createTimer(...) instead of Thread.sleep");

  /** Files, sockets, HTTP, JDBC: results that differ between a run and its replay. */
  public static final ArchRule NO_BLOCKING_IO =
      noClasses()
          .that()
          .implement(Workflow.class)
          .should()
          .dependOnClassesThat(
              new DescribedPredicate<JavaClass>(
                  "do I/O (java.io streams, readers, writers and files, java.net, java.nio.file,"
                      + " java.nio.channels, java.sql)") {
                @Override
                public boolean test(JavaClass c) {
                  if (IO_PACKAGES.contains(c.getPackageName())) {
                    return true;
                  }
                  for (String t : IO_TYPES) {
                    if (c.isAssignableTo(t)) {
                      return true;
                    }
                  }
                  return false;
                }
              })
          .because(
              "I/O would run again, with other results, on every replay: do it in an activity"
                  + " (ctx.callActivity), and log with ctx.getLogger()");

  /** The four rules together. */
  public static final ArchRule DETERMINISTIC_WORKFLOWS =
      CompositeArchRule.of(NO_WALL_CLOCK)
          .and(NO_RANDOMNESS)
          .and(NO_THREADS)
          .and(NO_BLOCKING_IO)
          .as("workflow code is deterministic");

  private static boolean owner(JavaAccess<?> c, String className) {
    return c.getTargetOwner().getName().equals(className);
  }

  private static DescribedPredicate<JavaMethodCall> call(String what, Predicate<JavaMethodCall> p) {
    return DescribedPredicate.describe(what, p);
  }

  private static DescribedPredicate<JavaConstructorCall> constructor(
      String what, Predicate<JavaConstructorCall> p) {
    return DescribedPredicate.describe(what, p);
  }
}
