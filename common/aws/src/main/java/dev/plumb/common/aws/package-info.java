/**
 * What every AWS provider shares (Dapr's {@code common/aws/auth}): {@link
 * dev.plumb.common.aws.AwsSettings#read} reads Dapr's AWS authentication metadata, {@link
 * dev.plumb.common.aws.AwsClients#create} resolves the region and credentials, and {@link
 * dev.plumb.common.aws.AwsClients#configure} applies them to any synchronous AWS SDK v2 client
 * builder.
 */
package dev.plumb.common.aws;
