package dev.plumb.testkit;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * Plumb's dependency rules (ARCHITECTURE.md), as ArchUnit rules any module can check against its
 * own classes: {@code @ArchTest static final ArchRule rule =
 * ArchitectureRules.PROVIDERS_USE_NO_RUNTIME_INTERNALS;}.
 */
public final class ArchitectureRules {

  /** {@code core-api} depends on the JDK and itself only. */
  public static final ArchRule CORE_API_IS_SELF_CONTAINED =
      classes()
          .that()
          .resideInAPackage("dev.plumb.api..")
          .should()
          .onlyDependOnClassesThat(resideInAnyPackage("java..", "dev.plumb.api.."))
          .as("core-api depends on nothing but the JDK");

  /** Building blocks do not depend on each other (the SPI package is shared by all). */
  public static final ArchRule BLOCKS_ARE_INDEPENDENT =
      slices()
          .matching("dev.plumb.api.(*)..")
          .should()
          .notDependOnEachOther()
          .ignoreDependency(
              resideInAPackage("dev.plumb.api.."), resideInAPackage("dev.plumb.api.spi"))
          .as("building blocks of core-api do not depend on each other");

  /** Only the runtime itself uses {@code dev.plumb.runtime.internal}. */
  public static final ArchRule PROVIDERS_USE_NO_RUNTIME_INTERNALS =
      noClasses()
          .that(not(resideInAPackage("dev.plumb.runtime..")))
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.plumb.runtime.internal..")
          .allowEmptyShould(true)
          .as("only the runtime uses dev.plumb.runtime.internal");

  /** The packages of provider and engine modules, and of the backend code they share. */
  private static final String[] EXTENSIONS = {
    "dev.plumb.state..",
    "dev.plumb.pubsub..",
    "dev.plumb.bindings..",
    "dev.plumb.secrets..",
    "dev.plumb.configuration..",
    "dev.plumb.crypto..",
    "dev.plumb.lock..",
    "dev.plumb.actors..",
    "dev.plumb.workflow..",
    "dev.plumb.invocation..",
    "dev.plumb.common.."
  };

  /**
   * Provider and engine modules reach the runtime only through its published SPI ({@code
   * dev.plumb.runtime.spi}); everything else they use of Plumb is core-api and {@code common/*}.
   */
  public static final ArchRule EXTENSIONS_USE_ONLY_THE_RUNTIME_SPI =
      noClasses()
          .that()
          .resideInAnyPackage(EXTENSIONS)
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.plumb.runtime..")
                  .and(not(resideInAPackage("dev.plumb.runtime.spi.."))))
          .allowEmptyShould(true)
          .as("providers and engines use the runtime only through dev.plumb.runtime.spi");

  /**
   * Provider and engine modules do not depend on each other (each module is one package tree, such
   * as {@code dev.plumb.state.redis}); only the workflow engine builds on the actor engine, and
   * everyone may use {@code common/*}.
   */
  public static final ArchRule EXTENSIONS_ARE_INDEPENDENT =
      slices()
          .matching(
              "dev.plumb.(state|pubsub|bindings|secrets|configuration|crypto|lock|invocation).(*)..")
          .should()
          .notDependOnEachOther()
          .allowEmptyShould(true)
          .as("provider modules do not depend on each other");

  /**
   * The common modules (connection and auth code shared by providers of one backend) use core-api
   * and each other only (PostgreSQL's AWS IAM auth reuses the AWS module), never the runtime or a
   * provider.
   */
  public static final ArchRule COMMON_MODULES_USE_ONLY_CORE_API =
      classes()
          .that()
          .resideInAPackage("dev.plumb.common..")
          .should()
          .onlyDependOnClassesThat(
              not(resideInAPackage("dev.plumb.."))
                  .or(resideInAnyPackage("dev.plumb.api..", "dev.plumb.common..")))
          .allowEmptyShould(true)
          .as("common modules depend on core-api and common modules only");

  /** Nothing depends on samples or benchmarks. */
  public static final ArchRule NOTHING_USES_SAMPLES_OR_BENCHMARKS =
      noClasses()
          .that(not(resideInAnyPackage("dev.plumb.samples..", "dev.plumb.benchmarks..")))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.plumb.samples..", "dev.plumb.benchmarks..")
          .allowEmptyShould(true)
          .as("nothing depends on samples or benchmarks");

  private ArchitectureRules() {}
}
