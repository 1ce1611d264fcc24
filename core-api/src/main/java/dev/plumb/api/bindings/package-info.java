/**
 * The bindings building block as the application sees it: {@link OutputBinding} invokes operations
 * on external systems, and a {@link BindingHandler} receives the events input bindings read.
 */
package dev.plumb.api.bindings;
