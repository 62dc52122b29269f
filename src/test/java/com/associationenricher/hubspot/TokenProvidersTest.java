package com.associationenricher.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenProvidersTest {

    @TempDir
    Path dir;

    @Test
    void staticProviderNeverShowsItsToken() {
        StaticTokenProvider provider = new StaticTokenProvider(" pat-na1-secret \n");

        assertThat(provider.token()).isEqualTo("pat-na1-secret");
        assertThat(provider.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new StaticTokenProvider("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileProviderTrimsTheToken() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  pat-na1-one\n");

        FileTokenProvider provider = new FileTokenProvider(file);

        assertThat(provider.token()).isEqualTo("pat-na1-one");
        assertThat(provider.toString()).contains(file.toString()).doesNotContain("pat-na1-one");
    }

    @Test
    void fileProviderRereadsWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "pat-na1-one");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-10T10:00:00Z")));
        FileTokenProvider provider = new FileTokenProvider(file);
        assertThat(provider.token()).isEqualTo("pat-na1-one");

        Files.writeString(file, "pat-na1-two");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-10T10:30:00Z")));

        assertThat(provider.token()).isEqualTo("pat-na1-two");
    }

    @Test
    void fileProviderFollowsASymlinkSwapLikeKubernetesSecretRotation() throws Exception {
        FileTime sameTime = FileTime.from(Instant.parse("2026-03-10T10:00:00Z"));
        Path first = Files.writeString(dir.resolve("v1"), "pat-na1-one");
        Path second = Files.writeString(dir.resolve("v2"), "pat-na1-two");
        Files.setLastModifiedTime(first, sameTime);
        Files.setLastModifiedTime(second, sameTime);
        Path link = Files.createSymbolicLink(dir.resolve("token"), first);
        FileTokenProvider provider = new FileTokenProvider(link);
        assertThat(provider.token()).isEqualTo("pat-na1-one");

        Path next = Files.createSymbolicLink(dir.resolve("token.next"), second);
        Files.move(next, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(provider.token()).isEqualTo("pat-na1-two");
    }

    @Test
    void invalidateForcesARereadEvenIfTheFileLooksUnchanged() throws Exception {
        FileTime fixed = FileTime.from(Instant.parse("2026-03-10T10:00:00Z"));
        Path file = Files.writeString(dir.resolve("token"), "pat-na1-one");
        Files.setLastModifiedTime(file, fixed);
        FileTokenProvider provider = new FileTokenProvider(file);
        assertThat(provider.token()).isEqualTo("pat-na1-one");
        Files.writeString(file, "pat-na1-abc");
        Files.setLastModifiedTime(file, fixed);
        assertThat(provider.token()).as("same size, same time: cached").isEqualTo("pat-na1-one");

        provider.invalidate();

        assertThat(provider.token()).isEqualTo("pat-na1-abc");
    }

    @Test
    void fileProviderFailuresNameTheFileButNotTheContent() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> new FileTokenProvider(empty).token()).hasMessageContaining("is empty");
        assertThatThrownBy(() -> new FileTokenProvider(missing).token()).hasMessageContaining(missing.toString());
    }
}
