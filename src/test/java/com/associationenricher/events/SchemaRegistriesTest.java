package com.associationenricher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

    @Test
    void mockUrlSelectsTheInMemoryRegistry() {
        assertThat(SchemaRegistries.connect("mock://demo", null, null)).isInstanceOf(InMemorySchemaRegistry.class);
    }

    @Test
    void httpUrlSelectsTheRestRegistryKeepingItsPath() {
        SchemaRegistry registry = SchemaRegistries.connect("https://registry.example:8443/apis/ccompat/v7/", "svc:s3cret", null);

        assertThat(registry).isInstanceOf(RestSchemaRegistry.class);
        assertThat(((RestSchemaRegistry) registry).baseUrl()).isEqualTo("https://registry.example:8443/apis/ccompat/v7");
        assertThat(registry.toString()).contains("basic auth as 'svc'").doesNotContain("s3cret");
    }

    @Test
    void userInfoInTheUrlBecomesBasicAuthAndLeavesTheUrl() {
        SchemaRegistry registry = SchemaRegistries.connect("http://svc:s3cret@localhost:8081", null, null);

        assertThat(((RestSchemaRegistry) registry).baseUrl()).isEqualTo("http://localhost:8081");
        assertThat(registry.toString()).doesNotContain("s3cret");
    }

    @Test
    void otherSchemesAreRejectedWithoutEchoingCredentials() {
        assertThatThrownBy(() -> SchemaRegistries.connect("ftp://svc:s3cret@host", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://, https:// or mock://")
                .hasMessageContaining("'ftp://'")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> SchemaRegistries.connect("  ", null, null)).hasMessageContaining("not set");
        assertThatThrownBy(() -> SchemaRegistries.connect("mock://", null, null)).hasMessageContaining("scope");
    }

    @Test
    void basicAuthAndBearerTogetherAreRejected() {
        assertThatThrownBy(() -> SchemaRegistries.connect("http://localhost:8081", "svc:s3cret", "tok3n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not both")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("tok3n");
    }
}
