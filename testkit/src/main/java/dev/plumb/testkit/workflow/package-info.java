/** The workflow conformance kit: what the workflow engine must do on a given workflow store. */
package dev.plumb.testkit.workflow;
