package dev.plumb.runtime.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Jazzer fuzz target of Plumb. Under {@code mvn verify} it runs once per committed input of
 * {@code src/test/resources/<package>/<Class>Inputs/<method>/} (regression mode); with {@code
 * JAZZER_FUZZ=1} it fuzzes for five minutes and writes each crashing input there (see
 * docs/testing.md). The method takes the raw input ({@code byte[]}) and passes it to {@link
 * Fuzzing#check}, which asserts the contract.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxDuration = "5m")
public @interface PlumbFuzzTest {}
