package com.associationenricher.tools.bench;

import com.associationenricher.cli.Main;
import com.associationenricher.tools.demo.ChildProcessGuard;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The enricher alone in its own JVM ({@code Main run --config FILE}, the benchmark's classpath), so its memory is
 * measured without the simulator, the broker or the generated workload: resident memory from /proc, heap and pending
 * ids from its own /metrics.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private final Process process;
    private final int opsPort;
    private final Path log;
    private final ChildProcessGuard guard;

    private ServiceProcess(Process process, int opsPort, Path log) {
        this.process = process;
        this.guard = ChildProcessGuard.of(process);
        this.opsPort = opsPort;
        this.log = log;
    }

    /** @param jvmOptions e.g. -Xmx384m: what the deployment gives the JVM */
    static ServiceProcess start(Map<String, String> settings, List<String> jvmOptions, Path dir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StringBuilder properties = new StringBuilder();
        settings.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        properties.append("ops.port=").append(port).append('\n');
        Path config = Files.writeString(dir.resolve("enricher.properties"), properties);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config", config.toString()));
        Path log = dir.resolve("enricher.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ENRICHER_") || name.equals("JAVA_TOOL_OPTIONS"));
        return new ServiceProcess(builder.start(), port, log);
    }

    /** The sum of every series of one metric in the Prometheus text (0 when absent or unreachable). */
    double metric(String name, String labelFilter) {
        String text = scrape();
        double sum = 0;
        Matcher sample = SAMPLE.matcher(text);
        while (sample.find()) {
            String labels = sample.group(2) == null ? "" : sample.group(2);
            if (sample.group(1).equals(name) && labels.contains(labelFilter)) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** VmRSS of the process, from /proc/PID/status. */
    long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String scrape() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        guard.release();
    }
}
