package dev.plumb.samples.workflow;

/**
 * How an order ended.
 *
 * @param status {@code shipped} or {@code failed}
 * @param detail the tracking number, or why it failed
 */
public record OrderResult(String status, String detail) {}
