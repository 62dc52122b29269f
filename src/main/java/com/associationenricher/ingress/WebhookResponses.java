package com.associationenricher.ingress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The JSON answers of the ingress. A 5xx says only "retry later" and carries {@code Retry-After}, which HubSpot honours. */
final class WebhookResponses {

    static final String RETRY_AFTER_SECONDS = "10";

    private WebhookResponses() {
    }

    static void send(Response response, RequestAnswer answer, Callback callback) {
        IngressOutcome outcome = answer.outcome();
        String json = outcome == IngressOutcome.ACCEPTED
                ? "{\"status\":\"accepted\"}"
                : "{\"error\":\"" + outcome.tag() + "\",\"reason\":\"" + jsonEscaped(answer.reason()) + "\"}";
        if (outcome.status() >= 500) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
            json = "{\"error\":\"" + outcome.tag() + "\",\"reason\":\"events not stored, retry later\"}";
        }
        if (outcome == IngressOutcome.METHOD_NOT_ALLOWED) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
        }
        if (outcome == IngressOutcome.READ_TIMEOUT || outcome == IngressOutcome.TOO_LARGE) {
            // The rest of the body is not worth waiting for: the connection ends with this answer.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.setStatus(outcome.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(' ');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
