/**
 * The configuration building block as the application sees it: {@link ConfigurationStore} reads
 * versioned, read-only items and notifies subscribers of their changes.
 */
package dev.plumb.api.configuration;
