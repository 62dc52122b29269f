package com.associationenricher.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the webhook ingress ({@code ingest-webhooks}) listens, whom it believes, and how long it waits for Kafka.
 * {@code publicUrl}, when set, is the URL HubSpot calls (through a proxy or load balancer): HubSpot signs that URL,
 * not the one this process sees.
 */
public record IngressSettings(
        int port,
        String path,
        AppSecrets appSecrets,
        Set<SignatureVersion> acceptedSignatureVersions,
        int maxBodyBytes,
        int maxEvents,
        Duration maxTimestampAge,
        Optional<URI> publicUrl,
        Duration kafkaTimeout,
        IngressLimits limits) {

    public IngressSettings {
        acceptedSignatureVersions = Set.copyOf(acceptedSignatureVersions);
    }
}
