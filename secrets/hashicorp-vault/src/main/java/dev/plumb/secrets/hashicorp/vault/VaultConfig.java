package dev.plumb.secrets.hashicorp.vault;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The metadata of {@code secretstores.hashicorp.vault}, with Dapr's names and defaults; {@code
 * vaultKVVersion} is Plumb's. Immutable; the token never reaches {@link #toString()}.
 *
 * @param address {@code vaultAddr}, default {@code https://127.0.0.1:8200}, without a trailing
 *     slash
 * @param token {@code vaultToken}, or the trimmed content of {@code vaultTokenMountPath}
 * @param prefix {@code vaultKVPrefix} (default {@code dapr}), or empty when {@code
 *     vaultKVUsePrefix} is false
 * @param enginePath {@code enginePath}, default {@code secret}
 * @param text whether {@code vaultValueType} is {@code text} (default {@code map})
 * @param kvVersion 1 or 2 (default 2, the only layout Dapr reads)
 * @param tls the TLS fields
 */
record VaultConfig(
    URI address,
    String token,
    String prefix,
    String enginePath,
    boolean text,
    int kvVersion,
    VaultTls.Settings tls) {

  static final String DEFAULT_ADDRESS = "https://127.0.0.1:8200";

  /**
   * Reads and checks every field, then reads the token file.
   *
   * @param md the component's metadata
   * @return the configuration
   * @throws ConfigurationException listing every problem
   */
  static VaultConfig from(ComponentMetadata md) {
    String addr = md.getString("vaultAddr", DEFAULT_ADDRESS);
    URI address = null;
    try {
      address = new URI(addr.endsWith("/") ? addr.substring(0, addr.length() - 1) : addr);
      if (address.getScheme() == null
          || !(address.getScheme().equals("http") || address.getScheme().equals("https"))
          || address.getHost() == null) {
        md.addProblem("metadata 'vaultAddr': expected an http or https URL, got '" + addr + "'");
      }
    } catch (URISyntaxException e) {
      md.addProblem("metadata 'vaultAddr': expected an http or https URL, got '" + addr + "'");
    }
    String token = md.getString("vaultToken").orElse(null);
    String tokenPath = md.getString("vaultTokenMountPath").orElse(null);
    if (token == null && tokenPath == null) {
      md.addProblem("one of metadata 'vaultToken' and 'vaultTokenMountPath' is required");
    } else if (token != null && tokenPath != null) {
      md.addProblem("metadata 'vaultToken' and 'vaultTokenMountPath' exclude each other");
    }
    boolean usePrefix = md.getBoolean("vaultKVUsePrefix", true);
    String prefix = usePrefix ? trimSlashes(md.getString("vaultKVPrefix", "dapr")) : "";
    String enginePath = trimSlashes(md.getString("enginePath", "secret"));
    if (enginePath.isEmpty()) {
      md.addProblem("metadata 'enginePath' must name a mount");
    }
    String valueType = md.getString("vaultValueType", "map");
    if (!valueType.equals("map") && !valueType.equals("text")) {
      md.addProblem("metadata 'vaultValueType': expected 'map' or 'text', got '" + valueType + "'");
    }
    int kvVersion = md.getInt("vaultKVVersion", 2);
    if (kvVersion != 1 && kvVersion != 2) {
      md.addProblem("metadata 'vaultKVVersion': expected 1 or 2, got " + kvVersion);
    }
    VaultTls.Settings tls =
        new VaultTls.Settings(
            md.getString("caPem").orElse(null),
            md.getString("caPath").orElse(null),
            md.getString("caCert").orElse(null),
            md.getBoolean("skipVerify", false),
            md.getString("tlsServerName").orElse(null));
    md.validate();
    if (tokenPath != null) {
      try {
        token = Files.readString(Path.of(tokenPath), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigurationException(
            md.owner()
                + ": metadata 'vaultTokenMountPath': cannot read the token file '"
                + tokenPath
                + "' ("
                + e.getClass().getSimpleName()
                + ")");
      }
      if (token.isEmpty()) {
        throw new ConfigurationException(
            md.owner() + ": metadata 'vaultTokenMountPath': the file '" + tokenPath + "' is empty");
      }
    }
    return new VaultConfig(
        address, token, prefix, enginePath, valueType.equals("text"), kvVersion, tls);
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }

  @Override
  public String toString() {
    return "VaultConfig[address="
        + address
        + ", enginePath="
        + enginePath
        + ", prefix="
        + prefix
        + ", kvVersion="
        + kvVersion
        + ", valueType="
        + (text ? "text" : "map")
        + ", "
        + tls
        + "]";
  }
}
