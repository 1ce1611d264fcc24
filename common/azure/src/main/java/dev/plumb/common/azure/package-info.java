/**
 * What every Azure provider shares (Dapr's {@code common/authentication/azure}): {@link
 * dev.plumb.common.azure.AzureStorageAccount#read} reads a storage account and its shared key,
 * {@link dev.plumb.common.azure.AzureStorageAccount#configure} applies endpoint, credential and the
 * OkHttp transport to an Azure SDK client builder, and {@link dev.plumb.common.azure.AzureCloud} is
 * the cloud from {@code azureEnvironment}.
 */
package dev.plumb.common.azure;
