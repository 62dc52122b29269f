package com.associationenricher.ingress;

import com.associationenricher.config.EnricherConfig;
import com.associationenricher.config.IngressSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** A real webhook ingress on a free port with a recording sink, started per test and closed after it. */
abstract class AgainstWebhookIngress {
    final HttpClient http = HttpClient.newHttpClient();
    final RecordingSink sink = new RecordingSink();
    final IngressMetrics metrics = new IngressMetrics(new SimpleMeterRegistry());
    WebhookIngress ingress;

    @AfterEach
    void stopIngress() {
        if (ingress != null) {
            ingress.close();
        }
    }

    /** Starts the ingress with the test app secret and {@code overrides} over the minimal ingress config. */
    void start(Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", "localhost:9092",
                "schema-registry.url", "mock://" + getClass().getSimpleName(),
                "ingress.port", "0",
                "ingress.app-secrets", WebhookIngressHttpTest.SECRET));
        keys.putAll(overrides);
        IngressSettings settings = EnricherConfig.fromMapForIngress(keys).ingress();
        ingress = WebhookIngress.start(settings, SignatureVerifier.from(settings, Clock.systemUTC()), sink, metrics);
    }
}
