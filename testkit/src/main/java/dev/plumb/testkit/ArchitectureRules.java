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
