/**
 * Dapr's {@code bindings.localstorage}: an output binding over the files under one root folder,
 * with Dapr's operations ({@code create}, {@code get}, {@code list}, {@code delete}) and request
 * metadata ({@code fileName}), confined to the root.
 */
package dev.plumb.bindings.localstorage;
