/**
 * Dapr's {@code bindings.cron}: an input binding that fires on a schedule in Dapr's grammar (5 or 6
 * fields, descriptors, {@code @every}, {@code CRON_TZ=}), timed by the runtime's scheduler.
 */
package dev.plumb.bindings.cron;
