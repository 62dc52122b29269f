package com.associationenricher.testkit;

import static org.awaitility.Awaitility.await;

import com.associationenricher.cli.Main;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The enricher as a separate JVM ({@code Main run}), configured by environment variables only, as in production: for
 * tests that send it SIGTERM or SIGKILL. Its output goes to a log file the test can read.
 */
public final class EnricherProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Process process;
    private final Path log;
    private final int opsPort;

    private EnricherProcess(Process process, Path log, int opsPort) {
        this.process = process;
        this.log = log;
        this.opsPort = opsPort;
    }

    /** Starts {@code run} with these ENRICHER_* variables (ops port chosen free) and the test JVM's classpath. */
    public static EnricherProcess start(Map<String, String> environment, Path log) throws IOException {
        return launch(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run"), environment, log);
    }

    /**
     * Starts the built jar itself, {@code java -jar JAR ARGS...}, with only what the jar holds on its classpath: a
     * class the jar lacks fails here instead of in production.
     */
    public static EnricherProcess startJar(Path jar, List<String> args, Map<String, String> environment, Path log)
            throws IOException {
        List<String> launch = new ArrayList<>(List.of("-jar", jar.toString()));
        launch.addAll(args);
        return launch(launch, environment, log);
    }

    private static EnricherProcess launch(List<String> launch, Map<String, String> environment, Path log)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(launch);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ENRICHER_"));
        builder.environment().putAll(environment);
        builder.environment().put("ENRICHER_OPS_PORT", String.valueOf(port));
        return new EnricherProcess(builder.start(), log, port);
    }

    public void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("enricher exited with " + process.exitValue() + ":\n" + log());
            }
            return get("/health/ready").statusCode() == 200;
        });
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new FailedResponse(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, then the exit code (143 = 128 + SIGTERM, as for every JVM that honours it). */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("enricher did not stop within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no commit, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A connection that failed counts as "not ready" instead of failing the wait. */
    private record FailedResponse(IOException error) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return error.toString(); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return null; }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
