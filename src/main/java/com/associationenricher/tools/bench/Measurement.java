package com.associationenricher.tools.bench;

import java.util.List;

/**
 * What one contender achieved in one scenario run. {@code brokerCpuSeconds}: CPU the broker process used over the
 * whole run (loading the workload included), set by the harness.
 */
record Measurement(double seconds, long lookups, long events, long apiCalls, long minApiCalls, long throttled,
                   List<Long> delaysMs, long peakRssMb, long peakPendingIds, double brokerCpuSeconds, TopicTraffic traffic) {

    Measurement(double seconds, long lookups, long events, long apiCalls, long minApiCalls, long throttled,
                List<Long> delaysMs, long peakRssMb, long peakPendingIds, double brokerCpuSeconds) {
        this(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb, peakPendingIds,
                brokerCpuSeconds, TopicTraffic.NONE);
    }

    Measurement withTraffic(TopicTraffic measured) {
        return new Measurement(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb,
                peakPendingIds, brokerCpuSeconds, measured);
    }

    Measurement withBrokerCpuSeconds(double cpuSeconds) {
        return new Measurement(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb,
                peakPendingIds, cpuSeconds, traffic);
    }

    double idsPerSecond() {
        return seconds <= 0 ? 0 : lookups / seconds;
    }

    double eventsPerSecond() {
        return seconds <= 0 ? 0 : events / seconds;
    }

    long percentileMs(double p) {
        if (delaysMs.isEmpty()) {
            return -1;
        }
        List<Long> sorted = delaysMs.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** Resident memory of this JVM now (VmRSS), from /proc/self/status. */
    static long currentRssMb() {
        return procStatusMb("VmRSS:");
    }

    /** Peak resident memory of this JVM (simulator and contender share it; the broker is its own process), from /proc/self/status. */
    static long currentPeakRssMb() {
        return procStatusMb("VmHWM:");
    }

    private static long procStatusMb(String field) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
