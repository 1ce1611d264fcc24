package dev.plumb.samples.workflow;

/**
 * The payment gateway's answer.
 *
 * @param success whether the payment went through
 * @param reference the gateway's reference, or why it was declined
 */
public record Payment(boolean success, String reference) {}
