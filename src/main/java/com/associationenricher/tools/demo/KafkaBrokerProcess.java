package com.associationenricher.tools.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (combined broker and controller) in its own JVM ({@code kafka.Kafka}), for scenarios that
 * stop and restart the broker under a running application: {@link #stop()} sends SIGTERM and waits for a controlled
 * shutdown, {@link #start()} brings it back on the same ports with the same log directory. Its output goes to a file.
 * The benchmark runs on it so the broker's CPU is its own, and the reliability tests restart it. It does not outlive
 * this JVM ({@link ChildProcessGuard}).
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;
    private ChildProcessGuard guard;
    private int starts;

    private KafkaBrokerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Formats a fresh log directory under {@code dir}, starts the broker and waits until it answers. */
    public static KafkaBrokerProcess format(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Process formatter = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString())
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
            formatter.destroyForcibly();
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, port);
        broker.start();
        return broker;
    }

    /** Starts the broker process (again) and waits until it serves metadata. */
    public void start() throws IOException {
        starts++;
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(dir.resolve("broker-" + starts + ".log").toFile()).start();
        guard = ChildProcessGuard.of(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("broker exited with " + process.exitValue() + ": " + log());
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker did not answer within 90 s: " + log());
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the broker", e);
        }
    }

    /** CPU time the broker process has used so far (all its threads), or zero when the OS does not say. */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGTERM and wait: the controlled shutdown a rolling restart does. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        guard.release();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("broker-" + starts + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (guard != null) {
            guard.release();
        }
    }

    @Override
    public String toString() {
        return "KRaft broker process at " + bootstrapServers();
    }

    private static ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
