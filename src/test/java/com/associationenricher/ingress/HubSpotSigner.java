package com.associationenricher.ingress;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the way HubSpot documents it, written independently of the production verifier so that tests
 * check the verifier against the documented algorithm rather than against itself.
 */
final class HubSpotSigner {

    private HubSpotSigner() {
    }

    /** v3: Base64(HMAC-SHA256(secret, UTF-8(method + uri + body + timestamp))). */
    static String v3(String secret, String method, String uri, String body, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** v2: hex(SHA-256(UTF-8(secret + method + uri + body))). */
    static String v2(String secret, String method, String uri, String body) {
        return sha256Hex(secret + method + uri + body);
    }

    /** v1: hex(SHA-256(UTF-8(secret + body))). */
    static String v1(String secret, String body) {
        return sha256Hex(secret + body);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
