package dev.plumb.testkit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.plumb", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest static final ArchRule coreApi = ArchitectureRules.CORE_API_IS_SELF_CONTAINED;
  @ArchTest static final ArchRule blocks = ArchitectureRules.BLOCKS_ARE_INDEPENDENT;
  @ArchTest static final ArchRule internals = ArchitectureRules.PROVIDERS_USE_NO_RUNTIME_INTERNALS;
  @ArchTest static final ArchRule samples = ArchitectureRules.NOTHING_USES_SAMPLES_OR_BENCHMARKS;

  @ArchTest
  static final ArchRule runtimeSpi = ArchitectureRules.EXTENSIONS_USE_ONLY_THE_RUNTIME_SPI;

  @ArchTest static final ArchRule extensions = ArchitectureRules.EXTENSIONS_ARE_INDEPENDENT;

  @ArchTest static final ArchRule common = ArchitectureRules.COMMON_MODULES_USE_ONLY_CORE_API;
}
