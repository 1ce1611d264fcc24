package dev.plumb.samples.workflow;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.plumb.testkit.workflow.WorkflowArchitectureRules;
import org.junit.jupiter.api.Test;

/** The sample's workflow follows Dapr's determinism rules. */
class OrderWorkflowDeterminismTest {

  @Test
  void orderWorkflowIsDeterministic() {
    WorkflowArchitectureRules.DETERMINISTIC_WORKFLOWS.check(
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackagesOf(OrderWorkflow.class));
  }
}
