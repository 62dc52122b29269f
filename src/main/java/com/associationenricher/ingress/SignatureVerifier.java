package com.associationenricher.ingress;

import com.associationenricher.config.IngressSettings;
import com.associationenricher.config.SignatureVersion;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a request comes from HubSpot, by its signature.
 * <ul>
 * <li>v3: {@code X-HubSpot-Signature-v3} = Base64(HMAC-SHA256(secret, method + uri + body + timestamp)), the
 * timestamp ({@code X-HubSpot-Request-Timestamp}, epoch ms) within {@code maxTimestampAge} of now either way, so a
 * captured request cannot be replayed later.</li>
 * <li>v2: {@code X-HubSpot-Signature} = hex SHA-256(secret + method + uri + body); v1: hex SHA-256(secret + body);
 * chosen by {@code X-HubSpot-Signature-Version}, and only when enabled: they never expire.</li>
 * </ul>
 * A v3 signature is used whenever present and accepted. Any configured secret may match, since HubSpot does not say
 * which app is calling. Comparisons take constant time.
 */
public final class SignatureVerifier {

    /**
     * HubSpot decodes these escapes in the URL before signing with v3 (its documented list); other escapes stay.
     */
    private static final Map<String, String> V3_DECODED = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));

    private final List<byte[]> secrets;
    private final Set<SignatureVersion> accepted;
    private final Duration maxTimestampAge;
    private final Clock clock;

    public SignatureVerifier(List<String> secrets, Set<SignatureVersion> accepted, Duration maxTimestampAge, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no app secret to verify HubSpot signatures with");
        }
        this.secrets = secrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        this.accepted = Set.copyOf(accepted);
        this.maxTimestampAge = maxTimestampAge;
        this.clock = clock;
    }

    public static SignatureVerifier from(IngressSettings settings, Clock clock) {
        return new SignatureVerifier(settings.appSecrets().all(), settings.acceptedSignatureVersions(),
                settings.maxTimestampAge(), clock);
    }

    public SignatureCheck verify(SignedRequest request) {
        Optional<String> v3 = request.header(SignedRequest.SIGNATURE_V3);
        if (v3.isPresent() && accepted.contains(SignatureVersion.V3)) {
            return verifyV3(request, v3.get());
        }
        Optional<String> legacy = request.header(SignedRequest.SIGNATURE);
        String version = request.header(SignedRequest.SIGNATURE_VERSION).orElse("").toLowerCase(Locale.ROOT);
        if (legacy.isPresent() && version.equals("v2") && accepted.contains(SignatureVersion.V2)) {
            return verifyHex(legacy.get(), "v2",
                    secret -> concat(secret, utf8(request.method() + request.uri()), request.body()));
        }
        if (legacy.isPresent() && version.equals("v1") && accepted.contains(SignatureVersion.V1)) {
            return verifyHex(legacy.get(), "v1", secret -> concat(secret, request.body()));
        }
        return SignatureCheck.refused("no signature of an accepted version (" + acceptedNames() + ")");
    }

    private SignatureCheck verifyV3(SignedRequest request, String signature) {
        Optional<String> timestampText = request.header(SignedRequest.TIMESTAMP);
        if (timestampText.isEmpty()) {
            return SignatureCheck.refused("v3 signature without " + SignedRequest.TIMESTAMP);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.get());
        } catch (NumberFormatException e) {
            return SignatureCheck.refused(SignedRequest.TIMESTAMP + " is not epoch milliseconds");
        }
        long skewMs = clock.millis() - timestamp;
        if (Math.abs(skewMs) > maxTimestampAge.toMillis()) {
            return SignatureCheck.refused("timestamp " + (skewMs > 0 ? "older" : "further in the future")
                    + " than " + maxTimestampAge + " (" + skewMs + " ms off)");
        }
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        byte[] signed = concat(utf8(request.method() + v3Uri(request.uri())), request.body(), utf8(timestampText.get()));
        for (byte[] secret : secrets) {
            byte[] expected = utf8(Base64.getEncoder().encodeToString(hmacSha256(secret, signed)));
            if (MessageDigest.isEqual(expected, given)) {
                return SignatureCheck.valid("v3");
            }
        }
        return SignatureCheck.refused("v3 signature matches no app secret");
    }

    private SignatureCheck verifyHex(String signature, String version, Function<byte[], byte[]> signedWith) {
        byte[] given = signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        for (byte[] secret : secrets) {
            byte[] expected = utf8(HexFormat.of().formatHex(sha256(signedWith.apply(secret))));
            if (MessageDigest.isEqual(expected, given)) {
                return SignatureCheck.valid(version);
            }
        }
        return SignatureCheck.refused(version + " signature matches no app secret");
    }

    /** The URL as HubSpot signs it for v3: with the escapes of its documented list decoded. */
    static String v3Uri(String uri) {
        StringBuilder decoded = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%' && i + 2 < uri.length()) {
                String plain = V3_DECODED.get(uri.substring(i, i + 3).toUpperCase(Locale.ROOT));
                if (plain != null) {
                    decoded.append(plain);
                    i += 2;
                    continue;
                }
            }
            decoded.append(uri.charAt(i));
        }
        return decoded.toString();
    }

    private String acceptedNames() {
        return accepted.stream().map(SignatureVersion::configValue).sorted().reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static byte[] hmacSha256(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
