package com.associationenricher.tools.bench;

import com.associationenricher.config.AssociationPairs;
import com.associationenricher.events.avro.CrmObjectChangeEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the one-call-per-event contenders share: the call itself (HubSpot's single-object endpoint, waiting out a 429
 * with Retry-After, else 1 s), its counters, and the measurement over a fixed window once the first call is out.
 */
final class PerEventCalls {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    private final AssociationPairs pairs;
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    /** Set once measured: calls still in their 429 wait give up, so closing the contender does not wait them out. */
    private volatile boolean stopped;

    PerEventCalls(String baseUrl, String token, AssociationPairs pairs) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.pairs = pairs;
    }

    /** One synchronous call per association pair of the event's type; the answers, concatenated. */
    String handle(CrmObjectChangeEvent event) {
        StringBuilder answers = new StringBuilder();
        for (String to : pairs.targetsOf(event.getObjectType())) {
            answers.append(lookup(event, to));
            lookups.incrementAndGet();
        }
        handled.incrementAndGet();
        return answers.toString();
    }

    /** Waits for the contender's first call, then counts what happens during {@code window}. */
    Measurement measure(Duration window) throws InterruptedException {
        while (calls.get() == 0) {
            Thread.sleep(20); // benchmark harness, not a test: waits for the contender's first call
        }
        long startLookups = lookups.get();
        long startHandled = handled.get();
        long startCalls = calls.get();
        long startThrottled = throttled.get();
        long start = System.nanoTime();
        Thread.sleep(window.toMillis());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measurement(seconds, lookups.get() - startLookups, handled.get() - startHandled, calls.get() - startCalls,
                0, throttled.get() - startThrottled, List.of(), Measurement.currentPeakRssMb(), 0, 0);
    }

    /** The window is over: no more calls, and a call waiting out a 429 ends (each contender's close then returns quickly). */
    void stop() {
        stopped = true;
    }

    private String lookup(CrmObjectChangeEvent event, String to) {
        URI uri = URI.create(baseUrl + "/crm/v3/objects/" + event.getObjectType() + "/" + event.getObjectId() + "/associations/" + to);
        for (int attempt = 0; attempt < 30 && !stopped; attempt++) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                calls.incrementAndGet();
                if (response.statusCode() != 429) {
                    return response.body();
                }
                throttled.incrementAndGet();
                long until = System.nanoTime() + response.headers().firstValueAsLong("Retry-After").orElse(1) * 1_000_000_000L;
                while (!stopped && System.nanoTime() < until) {
                    Thread.sleep(20); // benchmark contender: the naive client's Retry-After wait, cut short by stop()
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            } catch (java.io.IOException e) {
                calls.incrementAndGet();
            }
        }
        return "";
    }
}
