/**
 * Dapr's {@code secretstores.aws.secretmanager}: AWS Secrets Manager through the AWS SDK for Java
 * v2 and {@code plumb-common-aws}. {@link
 * dev.plumb.secrets.aws.secretmanager.SecretManagerSecretStoreProvider} is found by {@link
 * java.util.ServiceLoader}; everything else is package-private.
 */
package dev.plumb.secrets.aws.secretmanager;
