/**
 * Dapr's {@code secretstores.aws.parameterstore}: AWS Systems Manager Parameter Store through the
 * AWS SDK for Java v2 and {@code plumb-common-aws}. {@link
 * dev.plumb.secrets.aws.parameterstore.ParameterStoreSecretStoreProvider} is found by {@link
 * java.util.ServiceLoader}; everything else is package-private.
 */
package dev.plumb.secrets.aws.parameterstore;
