/**
 * The secrets building block as the application sees it: {@link SecretStore} reads secrets,
 * filtered by the secret scopes of the Configuration resource.
 */
package dev.plumb.api.secrets;
