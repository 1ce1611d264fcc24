/** Dapr's {@code crypto.dapr.localstorage}: keys in files of a local folder. */
package dev.plumb.crypto.localstorage;
