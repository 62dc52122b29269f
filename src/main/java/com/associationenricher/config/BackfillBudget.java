package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.BACKFILL_RATE_LIMIT_REQUESTS;
import static com.associationenricher.config.ConfigKeys.HUBSPOT_RATE_LIMIT_REQUESTS;

/**
 * {@code backfill.rate-limit.requests}: what backfill and reconcile may spend of a portal's budget, at most
 * {@code hubspot.rate-limit.requests}, by default a tenth of it (at least 1) so live lookups keep the rest.
 */
final class BackfillBudget {

    private BackfillBudget() {
    }

    static int parse(ConfigValues values) {
        // Read quietly: an invalid hubspot.rate-limit.requests is reported once, by the HubSpot settings.
        int budget;
        try {
            budget = Math.max(1, Integer.parseInt(values.optional(HUBSPOT_RATE_LIMIT_REQUESTS).orElse("1").trim()));
        } catch (NumberFormatException e) {
            budget = 1;
        }
        int portalBudget = budget;
        return values.parsedIfSet(BACKFILL_RATE_LIMIT_REQUESTS, text -> {
            int value = Integer.parseInt(text.trim());
            if (value < 1 || value > portalBudget) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        }).orElse(Math.max(1, portalBudget / 10));
    }
}
