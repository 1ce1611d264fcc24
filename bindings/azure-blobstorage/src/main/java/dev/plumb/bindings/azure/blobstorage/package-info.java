/**
 * Dapr's {@code bindings.azure.blobstorage}: an output binding over one blob container ({@code
 * create}, {@code get}, {@code delete}, {@code list}, {@code presign} and the bulk operations), on
 * the Azure SDK for Java with {@code plumb-common-azure}'s account, key and transport.
 */
package dev.plumb.bindings.azure.blobstorage;
