package com.associationenricher.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child the bench starts (its broker, an enricher in its own JVM) dies with the bench: a parent JVM started here
 * starts a long sleep through {@link ChildProcessGuard}, prints its pid and is sent SIGTERM, as Ctrl-C would.
 */
class ChildProcessGuardTest {

    @Test
    void aGuardedChildDoesNotOutliveItsJvmStoppedWithSigterm() throws Exception {
        ProcessHandle child = childOfParentStoppedWithSigterm(true);
        await().atMost(Duration.ofSeconds(15)).until(() -> !child.isAlive());
    }

    /** Without the guard the same child lives on: what the test above would see if the guard did nothing. */
    @Test
    void anUnguardedChildOutlivesItsJvm() throws Exception {
        ProcessHandle child = childOfParentStoppedWithSigterm(false);
        try {
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }

    /** A released guard leaves the child alone: the owner stopped it, or hands it on. */
    @Test
    void aReleasedGuardLeavesTheProcessToItsOwner() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        try {
            ChildProcessGuard guard = ChildProcessGuard.of(sleeper);
            guard.release();
            guard.release();
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static ProcessHandle childOfParentStoppedWithSigterm(boolean guarded) throws IOException, InterruptedException {
        Process parent = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Parent.class.getName(), String.valueOf(guarded)))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the parent's first line: its child's pid").isNotNull().matches("\\d+");
            ProcessHandle child = ProcessHandle.of(Long.parseLong(line)).orElseThrow();
            assertThat(child.isAlive()).isTrue();
            parent.destroy();
            assertThat(parent.waitFor(15, TimeUnit.SECONDS)).as("the parent exits on SIGTERM").isTrue();
            return child;
        } finally {
            parent.destroyForcibly();
        }
    }

    /** Starts {@code sleep 600}, guarded or not, prints its pid and waits to be stopped. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            Process sleeper = new ProcessBuilder("sleep", "600").start();
            if (Boolean.parseBoolean(args[0])) {
                ChildProcessGuard.of(sleeper);
            }
            System.out.println(sleeper.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
