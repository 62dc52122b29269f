package com.associationenricher.tools.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator has been asked and how it answered, for tests and the benchmark to assert on. Thread-safe;
 * every getter reads the live counters. {@code /simulator/stats} serves {@link #snapshot()} as JSON; calls to
 * {@code /simulator/*} themselves are not counted.
 */
public final class SimulatorStats {

    private final Map<Endpoint, LongAdder> calls = new EnumMap<>(Endpoint.class);
    private final Map<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
    private final ConcurrentMap<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, LongAdder> callsByPortal = new ConcurrentHashMap<>();
    private final LongAdder idsRequested = new LongAdder();
    private final LongAdder idsServed = new LongAdder();
    private final LongAdder associationsServed = new LongAdder();

    public SimulatorStats() {
        for (Endpoint e : Endpoint.values()) {
            calls.put(e, new LongAdder());
        }
        for (FaultKind f : FaultKind.values()) {
            faults.put(f, new LongAdder());
        }
    }

    /** Requests that reached an endpoint, whatever the answer (401, 429 and faults included). */
    public long calls(Endpoint endpoint) {
        return calls.get(endpoint).sum();
    }

    /** Authenticated calls carrying a token of this portal: which portal's credentials were used. */
    public long callsOfPortal(long portalId) {
        LongAdder adder = callsByPortal.get(portalId);
        return adder == null ? 0 : adder.sum();
    }

    void countPortalCall(long portalId) {
        callsByPortal.computeIfAbsent(portalId, p -> new LongAdder()).increment();
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Ids sent in batch inputs (and single-object reads) that got past auth, rate limits and faults. */
    public long idsRequested() {
        return idsRequested.sum();
    }

    /** Ids answered with a result or a per-id error entry in a 200/207 answer (single-object reads count 1). */
    public long idsServed() {
        return idsServed.sum();
    }

    /** Associations sent back in results, over all pages. */
    public long associationsServed() {
        return associationsServed.sum();
    }

    /** 429 answers for a policy: {@code TEN_SECONDLY_ROLLING} or {@code DAILY}. */
    public long rateLimited(String policyName) {
        LongAdder adder = rateLimited.get(policyName);
        return adder == null ? 0 : adder.sum();
    }

    public long responses(int httpStatus) {
        LongAdder adder = responses.get(httpStatus);
        return adder == null ? 0 : adder.sum();
    }

    public long faults(FaultKind kind) {
        return faults.get(kind).sum();
    }

    public Snapshot snapshot() {
        Map<String, Long> callMap = new TreeMap<>();
        calls.forEach((k, v) -> callMap.put(k.name(), v.sum()));
        Map<String, Long> faultMap = new TreeMap<>();
        faults.forEach((k, v) -> faultMap.put(k.name(), v.sum()));
        Map<String, Long> limitMap = new TreeMap<>();
        rateLimited.forEach((k, v) -> limitMap.put(k, v.sum()));
        Map<String, Long> statusMap = new TreeMap<>();
        responses.forEach((k, v) -> statusMap.put(Integer.toString(k), v.sum()));
        return new Snapshot(totalCalls(), callMap, idsRequested(), idsServed(), associationsServed(), limitMap, statusMap, faultMap);
    }

    /** Zeroes every counter, e.g. between benchmark rounds. */
    public void reset() {
        calls.values().forEach(LongAdder::reset);
        faults.values().forEach(LongAdder::reset);
        rateLimited.clear();
        responses.clear();
        idsRequested.reset();
        idsServed.reset();
        associationsServed.reset();
    }

    void countCall(Endpoint endpoint) {
        calls.get(endpoint).increment();
    }

    void countResponse(int httpStatus) {
        responses.computeIfAbsent(httpStatus, k -> new LongAdder()).increment();
    }

    void countRateLimited(String policyName) {
        rateLimited.computeIfAbsent(policyName, k -> new LongAdder()).increment();
    }

    void countFault(FaultKind kind) {
        faults.get(kind).increment();
    }

    void countIdsRequested(int n) {
        idsRequested.add(n);
    }

    void countIdsServed(int n) {
        idsServed.add(n);
    }

    void countAssociationsServed(int n) {
        associationsServed.add(n);
    }

    /** A point-in-time copy of the counters, in the JSON shape of {@code /simulator/stats}. */
    public record Snapshot(
            long totalCalls,
            Map<String, Long> callsByEndpoint,
            long idsRequested,
            long idsServed,
            long associationsServed,
            Map<String, Long> rateLimitedByPolicy,
            Map<String, Long> responsesByStatus,
            Map<String, Long> faultsInjected) {
    }
}
