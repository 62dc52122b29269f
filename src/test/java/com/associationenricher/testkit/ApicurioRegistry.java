package com.associationenricher.testkit;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real third-party Schema Registry for integration tests: Apicurio Registry 2.6 (unpacked by Maven into
 * {@code -Dapicurio.dir}) with in-memory storage, as a child process on a free port of 127.0.0.1, started once per
 * test run and reached through its Confluent-compatible API at {@link #url()}. Tests whose enricher runs in another
 * JVM need it, since {@code mock://} registries live inside one JVM. Only the process started here is killed.
 */
public final class ApicurioRegistry implements BeforeAllCallback {
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
    private static volatile String url;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ApicurioRegistry.class, key -> start(), Running.class);
    }

    /** The Confluent-compatible API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public static String url() {
        if (url == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(ApicurioRegistry.class)");
        }
        return url;
    }

    private record Running(Process process, Thread killOnExit) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        }
    }

    private static Running start() {
        try {
            Path runnerJar = runnerJar();
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = runnerJar.getParent().resolve("apicurio-" + port + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx512m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.log.level=WARN", "-jar", runnerJar.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Thread killOnExit = new Thread(process::destroyForcibly, "kill-apicurio-" + process.pid());
            Runtime.getRuntime().addShutdownHook(killOnExit);
            String base = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long startedAt = System.nanoTime();
            await("Apicurio answering at " + base + " (log: " + log + ")")
                    .atMost(STARTUP_LIMIT).pollInterval(Duration.ofMillis(250))
                    .failFast("Apicurio exited during startup, see " + log, () -> !process.isAlive())
                    .ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            System.err.printf("Apicurio (pid %d) answered at %s after %d ms%n", process.pid(), base, (System.nanoTime() - startedAt) / 1_000_000);
            url = base;
            return new Running(process, killOnExit);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Apicurio Registry", e);
        }
    }

    private static Path runnerJar() throws IOException {
        String dir = System.getProperty("apicurio.dir");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            fail("Apicurio Registry is not unpacked at -Dapicurio.dir=" + dir + ": run the integration tests through Maven "
                    + "(mvn verify), which fetches io.apicurio:apicurio-registry-app:2.6.13.Final:tar.gz:all from Maven Central");
        }
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseGet(() -> fail("no *-runner.jar under -Dapicurio.dir=" + dir + ": the unpacked Apicurio archive is "
                            + "incomplete; run mvn clean verify"));
        }
    }
}
