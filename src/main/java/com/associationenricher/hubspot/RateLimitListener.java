package com.associationenricher.hubspot;

/**
 * Told about every rate-limit status HubSpot reports, so a rate limiter can pace the portal. Called on an HTTP client
 * thread: implementations must be quick and must not block; an exception thrown here is logged and ignored.
 */
@FunctionalInterface
interface RateLimitListener {

    RateLimitListener NONE = (request, status) -> { };

    void onRateLimitStatus(BatchReadRequest request, RateLimitStatus status);
}
