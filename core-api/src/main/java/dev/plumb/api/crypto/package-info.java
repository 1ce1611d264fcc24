/**
 * The cryptography building block as the application sees it: {@link Cryptography} encrypts and
 * decrypts documents in Dapr's dapr.io/enc/v1 format with keys that never leave the component, and
 * {@link SubtleCrypto} offers the low-level operations (encrypt, decrypt, wrap, unwrap, sign,
 * verify, public key).
 */
package dev.plumb.api.crypto;
