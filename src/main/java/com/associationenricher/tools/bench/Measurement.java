package com.associationenricher.tools.bench;

import java.util.List;

/**
 * What one contender achieved in one scenario run. {@code brokerCpuSeconds}: CPU the broker process used over the
 * whole run (loading the workload included), set by the harness. {@code appCpuSeconds}: CPU of the contender's own
 * Kafka Streams threads over the measured time ({@link AppThreadsCpu}; 0 where not measured). {@code timeline}: the
 * steady rate and the tail of a backlog run ({@link RunTimeline}; NONE where not measured).
 */
record Measurement(double seconds, long lookups, long events, long apiCalls, long minApiCalls, long throttled,
                   List<Long> delaysMs, long peakRssMb, long peakPendingIds, double brokerCpuSeconds, TopicTraffic traffic,
                   double appCpuSeconds, RunTimeline.Summary timeline) {

    Measurement(double seconds, long lookups, long events, long apiCalls, long minApiCalls, long throttled,
                List<Long> delaysMs, long peakRssMb, long peakPendingIds, double brokerCpuSeconds) {
        this(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb, peakPendingIds,
                brokerCpuSeconds, TopicTraffic.NONE, 0, RunTimeline.Summary.NONE);
    }

    Measurement withTraffic(TopicTraffic measured) {
        return new Measurement(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb,
                peakPendingIds, brokerCpuSeconds, measured, appCpuSeconds, timeline);
    }

    Measurement withBrokerCpuSeconds(double cpuSeconds) {
        return new Measurement(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb,
                peakPendingIds, cpuSeconds, traffic, appCpuSeconds, timeline);
    }

    Measurement withAppCpuSeconds(double cpuSeconds) {
        return new Measurement(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb,
                peakPendingIds, brokerCpuSeconds, traffic, cpuSeconds, timeline);
    }

    Measurement withTimeline(RunTimeline.Summary summary) {
        return new Measurement(seconds, lookups, events, apiCalls, minApiCalls, throttled, delaysMs, peakRssMb,
                peakPendingIds, brokerCpuSeconds, traffic, appCpuSeconds, summary);
    }

    /** Microseconds of the application's own threads' CPU per input event (0 where not measured). */
    double appCpuMicrosPerEvent() {
        return events <= 0 ? 0 : appCpuSeconds * 1e6 / events;
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
