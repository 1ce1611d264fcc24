package dev.plumb.samples.workflow;

import java.math.BigDecimal;

/**
 * An order.
 *
 * @param id the order id
 * @param item what was ordered
 * @param quantity how many
 * @param amount the total to charge
 */
public record Order(String id, String item, int quantity, BigDecimal amount) {}
