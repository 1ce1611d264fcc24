/**
 * Dapr's {@code bindings.http}: an output binding that sends HTTP requests to one base URL with the
 * JDK's {@link java.net.http.HttpClient}, with Dapr's operations (every verb, {@code create} being
 * {@code POST}), request metadata ({@code path}, headers, {@code errorIfNot2XX}) and response
 * metadata ({@code statusCode}, {@code status} and the response headers).
 */
package dev.plumb.bindings.http;
