/**
 * The bindings building block as the application sees it: {@link OutputBinding} invokes operations
 * on external systems, and the {@link BindingHandler} subscribed to an {@link InputBinding}
 * receives the events it reads.
 */
package dev.plumb.api.bindings;
