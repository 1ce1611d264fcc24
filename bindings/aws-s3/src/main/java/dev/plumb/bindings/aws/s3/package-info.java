/**
 * Dapr's {@code bindings.aws.s3}: an output binding over one S3 bucket ({@code create}, {@code
 * get}, {@code delete}, {@code list}, {@code presign} and the bulk operations), on the AWS SDK for
 * Java v2 with {@code plumb-common-aws}'s region, endpoint and credentials.
 */
package dev.plumb.bindings.aws.s3;
