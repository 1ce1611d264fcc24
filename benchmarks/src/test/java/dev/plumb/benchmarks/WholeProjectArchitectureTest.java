package dev.plumb.benchmarks;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.plumb.testkit.ArchitectureRules;

/**
 * The dependency rules over every published jar at once: this module is the one whose class path
 * holds core-api, runtime, testkit, the common modules and every provider.
 */
@AnalyzeClasses(packages = "dev.plumb", importOptions = ImportOption.DoNotIncludeTests.class)
class WholeProjectArchitectureTest {
  @ArchTest static final ArchRule coreApi = ArchitectureRules.CORE_API_IS_SELF_CONTAINED;
  @ArchTest static final ArchRule blocks = ArchitectureRules.BLOCKS_ARE_INDEPENDENT;
  @ArchTest static final ArchRule internals = ArchitectureRules.PROVIDERS_USE_NO_RUNTIME_INTERNALS;
  @ArchTest static final ArchRule samples = ArchitectureRules.NOTHING_USES_SAMPLES_OR_BENCHMARKS;

  /** The common modules use core-api and each other only, never the runtime or a provider. */
  @ArchTest
  static final ArchRule common =
      classes()
          .that()
          .resideInAPackage("dev.plumb.common..")
          .should()
          .onlyDependOnClassesThat(
              not(resideInAPackage("dev.plumb.."))
                  .or(resideInAnyPackage("dev.plumb.api..", "dev.plumb.common..")))
          .as("common modules depend on core-api and common modules only");

  /** Providers use core-api, the common modules and their own block's packages only. */
  @ArchTest
  static final ArchRule providers =
      CompositeArchRule.of(providersOf("state"))
          .and(providersOf("pubsub"))
          .and(providersOf("bindings"))
          .and(providersOf("secrets"))
          .and(providersOf("configuration"))
          .and(providersOf("crypto"))
          .and(providersOf("lock"));

  private static ArchRule providersOf(String block) {
    return classes()
        .that()
        .resideInAPackage("dev.plumb." + block + "..")
        .should()
        .onlyDependOnClassesThat(
            not(resideInAPackage("dev.plumb.."))
                .or(
                    resideInAnyPackage(
                        "dev.plumb.api..", "dev.plumb.common..", "dev.plumb." + block + "..")))
        .allowEmptyShould(true)
        .as(block + " providers depend on core-api and common modules only");
  }
}
