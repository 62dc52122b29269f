package com.associationenricher.hubspot;

import java.time.Instant;
import java.util.List;

/** The outcome of asking HubSpot for one page of a type's objects; never an exception. */
public sealed interface ObjectListing {

    /**
     * One page: the ids in HubSpot's order and the cursor of the next page, null on the last.
     *
     * @param listedAt when HubSpot answered: a change event made from this page happened no later than this
     */
    record Page(List<String> objectIds, String nextAfter, Instant listedAt) implements ObjectListing {
        public Page {
            objectIds = List.copyOf(objectIds);
        }
    }

    /** 403: the token may not read this type; {@code missingScopes} as HubSpot named them (may be empty). */
    record Forbidden(List<String> missingScopes, String message) implements ObjectListing {
        public Forbidden {
            missingScopes = List.copyOf(missingScopes);
        }
    }

    /** HubSpot asked to wait (daily limit, long Retry-After, migration) or the portal's circuit is open. */
    record Unavailable(Instant until, String message) implements ObjectListing {
    }

    /** The call failed after its in-call retries; {@code retryable} when asking again later may succeed. */
    record Failed(String message, boolean retryable) implements ObjectListing {
    }
}
