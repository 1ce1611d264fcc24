package dev.plumb.benchmarks;

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

  @ArchTest static final ArchRule common = ArchitectureRules.COMMON_MODULES_USE_ONLY_CORE_API;
}
