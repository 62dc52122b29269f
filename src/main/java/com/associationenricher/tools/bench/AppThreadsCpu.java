package com.associationenricher.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time used so far by one Kafka Streams application's threads in this JVM: every thread whose name carries its
 * application id (stream threads, their producers' network threads, the state updater, the consumer's heartbeat). A
 * lower-noise figure than throughput on a shared 2-core machine: it does not move when the broker, the garbage
 * collector or the JIT takes the CPU, only when the topology does more or less work. HTTP client threads are not
 * named after the application and are left out.
 */
final class AppThreadsCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AppThreadsCpu() {
    }

    /** Nanoseconds of CPU of the live threads of {@code applicationId} (threads that ended are not counted). */
    static long nanos(String applicationId) {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(applicationId)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                total += Math.max(cpu, 0);
            }
        }
        return total;
    }
}
