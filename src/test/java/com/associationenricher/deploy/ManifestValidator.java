package com.associationenricher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code k8s/validate/validate.mjs} with Node.js: installs its pinned npm packages once per lockfile (a stamp
 * in node_modules remembers which), then validates either every manifest under k8s/ or the files given.
 * Node.js is required, not optional: without it the manifests would go unchecked, so this fails loudly instead.
 */
final class ManifestValidator {
    private static final long INSTALL_MINUTES = 5;
    private static final long VALIDATE_MINUTES = 2;
    private static final String STAMP = ".installed-from-lockfile";

    private final Path projectDir;
    private final Path validateDir;

    ManifestValidator(Path projectDir) {
        this.projectDir = projectDir;
        this.validateDir = projectDir.resolve("k8s").resolve("validate");
    }

    /** What a run printed (stdout and stderr, interleaved) and how it ended. */
    record Result(int exitCode, String output) {
    }

    Result validate(Path... files) {
        installPackages();
        List<String> command = new ArrayList<>(List.of(node(), validateDir.resolve("validate.mjs").toString()));
        for (Path file : files) {
            command.add(file.toString());
        }
        return run(command, VALIDATE_MINUTES);
    }

    private void installPackages() {
        Path lockfile = validateDir.resolve("package-lock.json");
        Path stamp = validateDir.resolve("node_modules").resolve(STAMP);
        String wanted = Files.exists(lockfile) ? sha256(lockfile) : "no-lockfile";
        if (Files.exists(stamp) && read(stamp).equals(wanted)) {
            return;
        }
        List<String> command = List.of(npm(), Files.exists(lockfile) ? "ci" : "install", "--prefix", validateDir.toString(),
                "--no-audit", "--no-fund", "--loglevel=error");
        Result install = run(command, INSTALL_MINUTES);
        if (install.exitCode() != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed with exit code "
                    + install.exitCode() + ":\n" + install.output());
        }
        try {
            Files.writeString(stamp, wanted);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stamp, e);
        }
    }

    private Result run(List<String> command, long timeoutMinutes) {
        Process process;
        Path output;
        try {
            output = Files.createTempFile("manifest-validator", ".log");
            process = new ProcessBuilder(command)
                    .directory(projectDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start `" + command.get(0) + "`: Node.js 18+ and npm must be on the PATH "
                    + "for `mvn verify`, which validates the Kubernetes manifests with them (" + e.getMessage() + ")", e);
        }
        try {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("`" + String.join(" ", command) + "` took over " + timeoutMinutes
                        + " minutes:\n" + read(output));
            }
            return new Result(process.exitValue(), read(output));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // A leftover temp file is harmless.
            }
        }
    }

    private static String node() {
        return System.getenv().getOrDefault("NODE", "node");
    }

    private static String npm() {
        return System.getenv().getOrDefault("NPM", "npm");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
