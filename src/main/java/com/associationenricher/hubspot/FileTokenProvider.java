package com.associationenricher.hubspot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * Reads the token from a file, e.g. a mounted Kubernetes secret, and reads it again whenever the file changes.
 *
 * <p>Kubernetes rotates a secret by swapping a symlink to a new file, so the file's identity (inode) and its
 * modification time are both watched: one {@code stat} per call, no file read unless something changed.
 * {@link #invalidate()} forces a re-read after HubSpot rejected the token.
 */
final class FileTokenProvider implements TokenProvider {

    private final Path file;
    private String token;
    private FileVersion version;

    public FileTokenProvider(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public synchronized String token() {
        FileVersion current = versionOnDisk();
        if (token == null || !current.equals(version)) {
            token = read();
            version = current;
        }
        return token;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
        version = null;
    }

    @Override
    public synchronized void invalidate(String rejected) {
        if (rejected == null || rejected.equals(token)) {
            invalidate();
        }
    }

    @Override
    public String toString() {
        return "FileTokenProvider[file=" + file + "]";
    }

    private FileVersion versionOnDisk() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileVersion(attributes.lastModifiedTime(), attributes.fileKey(), attributes.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat HubSpot token file " + file, e);
        }
    }

    private String read() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read HubSpot token file " + file, e);
        }
        if (content.isEmpty()) {
            throw new IllegalStateException("HubSpot token file " + file + " is empty");
        }
        return content;
    }

    private record FileVersion(FileTime modified, Object fileKey, long size) {
    }
}
