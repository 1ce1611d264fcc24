package dev.plumb.secrets.hashicorp.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code tlsServerName} matching of certificate DNS names (RFC 6125 wildcards). */
class VaultTlsTest {
  @Test
  void aWildcardStandsForTheWholeLeftmostLabelOnly() {
    assertThat(VaultTls.ServerName.dnsMatches("vault.test", "vault.test")).isTrue();
    assertThat(VaultTls.ServerName.dnsMatches("*.example.com", "vault.example.com")).isTrue();
    assertThat(VaultTls.ServerName.dnsMatches("*.example.com", "a.vault.example.com")).isFalse();
    assertThat(VaultTls.ServerName.dnsMatches("*.example.com", "example.com")).isFalse();
    assertThat(VaultTls.ServerName.dnsMatches("*.example.com", ".example.com")).isFalse();
    assertThat(VaultTls.ServerName.dnsMatches("vault.test", "other.test")).isFalse();
  }
}
