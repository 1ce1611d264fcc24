/**
 * Dapr's {@code secretstores.kubernetes}: Kubernetes {@code Secret} objects read through the
 * fabric8 client. {@link dev.plumb.secrets.kubernetes.KubernetesSecretStoreProvider} is found by
 * {@link java.util.ServiceLoader}; everything else is package-private.
 */
package dev.plumb.secrets.kubernetes;
