package com.associationenricher.ingress;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a HubSpot signature covers: the method, the full URL HubSpot called (query included), the raw body, and the
 * signature headers (looked up case-insensitively). {@code toString()} leaves out the body and the headers.
 */
public record SignedRequest(String method, String uri, byte[] body, Map<String, String> headers) {

    public static final String SIGNATURE_V3 = "X-HubSpot-Signature-v3";
    public static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    public static final String SIGNATURE = "X-HubSpot-Signature";
    public static final String SIGNATURE_VERSION = "X-HubSpot-Signature-Version";

    public SignedRequest {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        headers = caseInsensitive;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    @Override
    public String toString() {
        return "SignedRequest[" + method + " " + uri + ", " + body.length + " bytes]";
    }
}
