package com.associationenricher.hubspot;

import com.associationenricher.events.avro.DeadLetterReason;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends each batch with its own portal's credentials and budget: HubSpot object ids are per portal, and a lookup made
 * with another portal's token would answer for the wrong objects. A portal without credentials is never called; its
 * ids become dead letters (UNKNOWN_PORTAL), replayable once the portal is configured.
 */
final class PortalRoutingReader implements AssociationsReader {
    private final Map<Long, AssociationsReader> byPortal;
    private final AutoCloseable shared;

    public PortalRoutingReader(Map<Long, AssociationsReader> byPortal) {
        this(byPortal, () -> { });
    }

    /** @param shared what the portals' readers share (scheduler, bulkhead), closed after them */
    public PortalRoutingReader(Map<Long, AssociationsReader> byPortal, AutoCloseable shared) {
        this.byPortal = Map.copyOf(byPortal);
        this.shared = shared;
    }

    @Override
    public CompletableFuture<BatchReadResult> read(BatchReadRequest request) {
        AssociationsReader reader = byPortal.get(request.portalId());
        if (reader == null) {
            return CompletableFuture.completedFuture(BatchReadResult.all(request, new IdOutcome.Failed(FailureDetail.of(
                    DeadLetterReason.UNKNOWN_PORTAL, null,
                    "no HubSpot credentials configured for portal " + request.portalId()))));
        }
        return reader.read(request);
    }

    @Override
    public CompletableFuture<Void> permit(long portalId) {
        AssociationsReader reader = byPortal.get(portalId);
        return reader == null ? CompletableFuture.completedFuture(null) : reader.permit(portalId);
    }

    @Override
    public CompletableFuture<BatchReadResult> readWithPermit(BatchReadRequest request) {
        AssociationsReader reader = byPortal.get(request.portalId());
        return reader == null ? read(request) : reader.readWithPermit(request);
    }

    @Override
    public void shareBudget(double share) {
        if (shared instanceof SharedCallLimits limits) {
            limits.budgetShare(share);
        }
    }

    /**
     * The policies (pacer, retries, circuit, pauses) of a configured portal, so another kind of call of that portal
     * (an object listing, say) shares its budget and circuit with the lookups: {@link PortalCalls#execute}.
     */
    Optional<PortalCalls> calls(long portalId) {
        return byPortal.get(portalId) instanceof ResilientAssociationsReader reader
                ? Optional.of(reader.calls()) : Optional.empty();
    }

    /** Ready while at least one portal can be called; one portal's open circuit must not take the others down. */
    @Override
    public boolean available() {
        return byPortal.isEmpty() || byPortal.values().stream().anyMatch(AssociationsReader::available);
    }

    @Override
    public void close() {
        byPortal.values().forEach(AssociationsReader::close);
        try {
            shared.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the HubSpot readers' shared resources", e);
        }
    }
}
