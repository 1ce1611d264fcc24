/**
 * The order workflow of the Dapr article with Plumb's workflows: fetch the order, reserve
 * inventory, process the payment (releasing the inventory if it is declined), ship; killed after
 * the payment, it resumes from there and ships when the JVM comes back.
 */
package dev.plumb.samples.workflow;
