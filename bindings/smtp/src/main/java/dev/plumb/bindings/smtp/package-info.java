/**
 * Dapr's {@code bindings.smtp}: an output binding that sends e-mail through an SMTP server, with
 * Dapr's metadata (server, credentials, default sender, recipients, subject and priority, each
 * overridable per request) on Jakarta Mail.
 */
package dev.plumb.bindings.smtp;
