package dev.plumb.benchmarks;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
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

  @ArchTest
  static final ArchRule runtimeSpi = ArchitectureRules.EXTENSIONS_USE_ONLY_THE_RUNTIME_SPI;

  @ArchTest static final ArchRule extensions = ArchitectureRules.EXTENSIONS_ARE_INDEPENDENT;

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
}
