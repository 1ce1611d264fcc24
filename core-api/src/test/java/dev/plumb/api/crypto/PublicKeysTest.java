package dev.plumb.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PublicKeysTest {
  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as(name).isTrue();
    return m.group(1);
  }

  private static BigInteger num(String json, String name) {
    return new BigInteger(1, Base64.getUrlDecoder().decode(field(json, name)));
  }

  @Test
  void rsaEcAndEd25519KeysBecomeJwksThatDescribeThem() throws Exception {
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    RSAPublicKey rsa = (RSAPublicKey) rsaGen.generateKeyPair().getPublic();
    String rsaJwk = PublicKeys.toJwk(rsa);
    assertThat(field(rsaJwk, "kty")).isEqualTo("RSA");
    assertThat(num(rsaJwk, "n")).isEqualTo(rsa.getModulus());
    assertThat(field(rsaJwk, "e")).isEqualTo("AQAB");

    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new ECGenParameterSpec("secp384r1"));
    ECPublicKey ec = (ECPublicKey) ecGen.generateKeyPair().getPublic();
    String ecJwk = PublicKeys.toJwk(ec);
    assertThat(field(ecJwk, "crv")).isEqualTo("P-384");
    assertThat(Base64.getUrlDecoder().decode(field(ecJwk, "x"))).hasSize(48);
    assertThat(num(ecJwk, "x")).isEqualTo(ec.getW().getAffineX());
    assertThat(num(ecJwk, "y")).isEqualTo(ec.getW().getAffineY());

    // dapr/components-contrib's conformance fixture ed25519-public.pem and its JWKS twin.
    PublicKey ed =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(
                    Base64.getDecoder()
                        .decode("MCowBQYDK2VwAyEAzSjVm3Fj1chMFGcRoE/e6ft9xvAs3x1CVn6PVS+x1e8=")));
    assertThat(PublicKeys.toJwk(ed))
        .isEqualTo(
            "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"zSjVm3Fj1chMFGcRoE_e6ft9xvAs3x1CVn6PVS-x1e8\"}");
    assertThat(PublicKeys.toPem(ed))
        .isEqualTo(
            "-----BEGIN PUBLIC KEY-----\n"
                + "MCowBQYDK2VwAyEAzSjVm3Fj1chMFGcRoE/e6ft9xvAs3x1CVn6PVS+x1e8=\n"
                + "-----END PUBLIC KEY-----\n");
  }
}
