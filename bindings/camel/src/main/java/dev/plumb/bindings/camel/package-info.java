/**
 * {@code bindings.camel}: Apache Camel's components behind Dapr's bindings API, in process. An
 * output operation sends to (or polls) a Camel endpoint URI; an input binding is a Camel route from
 * an endpoint to the application's handler; request metadata travels as message headers and back.
 * All Camel bindings of one {@code Plumb} instance share one {@code CamelContext}.
 */
package dev.plumb.bindings.camel;
