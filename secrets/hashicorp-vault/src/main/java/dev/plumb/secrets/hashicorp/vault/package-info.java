/**
 * Dapr's {@code secretstores.hashicorp.vault}: secrets of a Vault KV engine (version 2, Dapr's
 * layout, or version 1) read over Vault's HTTP API. {@link
 * dev.plumb.secrets.hashicorp.vault.VaultSecretStoreProvider} is found by {@link
 * java.util.ServiceLoader}; everything else is package-private.
 */
package dev.plumb.secrets.hashicorp.vault;
