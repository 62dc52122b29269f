package com.associationenricher.tools.demo;

import java.util.concurrent.TimeUnit;

/**
 * Keeps a child process from outliving this JVM. A Java child process is not killed with its parent: a bench or a
 * test interrupted with Ctrl-C or SIGTERM would leave its Kafka broker or enricher JVM running, holding ports, CPU and
 * its temporary directory. A shutdown hook destroys the process if it still runs; {@link #release()} removes the hook
 * once the owner has stopped the process itself.
 */
public final class ChildProcessGuard {
    private static final long WAIT_SECONDS = 10;
    private final Thread hook;

    private ChildProcessGuard(Process process) {
        this.hook = new Thread(() -> {
            if (process.isAlive()) {
                try {
                    process.destroyForcibly().waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "stop-child-" + process.pid());
    }

    /** Registers the hook for {@code process}, just started. */
    public static ChildProcessGuard of(Process process) {
        ChildProcessGuard guard = new ChildProcessGuard(process);
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** The owner stopped the process: the hook is no longer needed (nothing to do while the JVM is exiting). */
    public void release() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // The hooks are running already; ours finds the process ended.
        }
    }
}
