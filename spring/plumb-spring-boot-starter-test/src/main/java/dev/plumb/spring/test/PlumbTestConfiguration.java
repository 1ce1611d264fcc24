package dev.plumb.spring.test;

import dev.plumb.runtime.Plumb;
import dev.plumb.spring.PlumbBuilderCustomizer;
import dev.plumb.spring.autoconfigure.PlumbHandlers;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The beans {@link PlumbTest} adds: the test scheduler and the helper. */
@TestConfiguration(proxyBeanMethods = false)
public class PlumbTestConfiguration {

  /** Creates the configuration; Spring calls it. */
  public PlumbTestConfiguration() {}

  /**
   * The scheduler of every runtime timer, on a clock starting now.
   *
   * @return the scheduler; tasks run on the thread that advances it
   */
  @Bean
  public TestScheduler plumbTestScheduler() {
    return new TestScheduler(TestClock.start());
  }

  /**
   * Puts the runtime on the test scheduler.
   *
   * @param scheduler the scheduler
   * @return the customizer
   */
  @Bean
  public PlumbBuilderCustomizer plumbTestSchedulerCustomizer(TestScheduler scheduler) {
    return b -> b.scheduler(scheduler);
  }

  /**
   * The helper.
   *
   * @param plumb the runtime
   * @param handlers the subscriptions, for their dead-letter topics
   * @param scheduler the test scheduler
   * @return the helper
   */
  @Bean
  public PlumbTestHelper plumbTestHelper(
      ObjectProvider<Plumb> plumb, PlumbHandlers handlers, TestScheduler scheduler) {
    return new PlumbTestHelper(plumb, handlers, scheduler);
  }

  /**
   * Gives every configuration store's in-memory twin a space of this context's own, which the
   * helper changes.
   *
   * @param helper the helper
   * @return the customizer
   */
  @Bean
  public PlumbBuilderCustomizer plumbTestConfigurationCustomizer(PlumbTestHelper helper) {
    return helper::isolateConfiguration;
  }
}
