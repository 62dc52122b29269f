package com.associationenricher.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of one Kafka Streams application's threads in this JVM: every thread whose name carries its application
 * id (stream threads, their producers' network threads, the state updater, the consumer's heartbeat). A lower-noise
 * figure than throughput on a shared 2-core machine: it does not move when the broker, the garbage collector or the
 * JIT takes the CPU, only when the topology does more or less work. HTTP client and pacer threads are not named after
 * the application and are left out.
 */
final class AppThreadsCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String applicationId;
    /** CPU nanoseconds of each of the application's threads when measuring began. */
    private final Map<Long, Long> atStart;

    private AppThreadsCpu(String applicationId) {
        this.applicationId = applicationId;
        this.atStart = byThread(applicationId);
    }

    /** Begins measuring the threads of {@code applicationId} now. */
    static AppThreadsCpu start(String applicationId) {
        return new AppThreadsCpu(applicationId);
    }

    /**
     * Seconds of CPU the application's threads used since {@link #start}: for each thread alive now, its time less its
     * time then (a thread started since counts from 0; one that ended meanwhile, whose time the JVM no longer reports,
     * is left out rather than subtracted).
     */
    double seconds() {
        long total = 0;
        for (Map.Entry<Long, Long> thread : byThread(applicationId).entrySet()) {
            total += thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L);
        }
        return total / 1e9;
    }

    private static Map<Long, Long> byThread(String applicationId) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(applicationId)) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }
}
