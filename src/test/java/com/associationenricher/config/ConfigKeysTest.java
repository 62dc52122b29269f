package com.associationenricher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void markdownTableHasOneRowPerKeyWithItsEnvVariable() {
        String table = ConfigKeys.markdownTable();

        assertThat(table).startsWith("| key | env variable | default | description |\n");
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(table).contains("| `" + key.name() + "` | `" + key.envVariable() + "` | ");
        }
        assertThat(table.lines().count()).isEqualTo(2 + ConfigKeys.ALL.size() + 2);
        assertThat(table).contains("| `batch.max-ids` | `ENRICHER_BATCH_MAX_IDS` | `1000` |");
    }

    @Test
    void secretsHaveNoDefaultShown() {
        String table = ConfigKeys.markdownTable();
        ConfigKeys.ALL.stream().filter(ConfigKey::secret).forEach(key ->
                assertThat(table).contains("| `" + key.name() + "` | `" + key.envVariable() + "` | (secret) |"));
    }

    @Test
    void namesAndEnvVariablesAreUniqueAndMapBack() {
        Set<String> names = new HashSet<>();
        Set<String> variables = new HashSet<>();
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(names.add(key.name())).as(key.name()).isTrue();
            assertThat(variables.add(key.envVariable())).as(key.envVariable()).isTrue();
            assertThat(ConfigSource.keyOfEnvVariable(key.envVariable())).contains(key.name());
        }
        assertThat(ConfigKey.envVariableOf("hubspot.base-url")).isEqualTo("ENRICHER_HUBSPOT_BASE_URL");
    }

    @Test
    void everyDefaultIsValidForItsOwnKey() {
        // fromMap with only the required keys succeeds only if every default passes validation.
        assertThat(EnricherConfig.fromMap(EnricherConfigTest.minimal()).raw().keySet())
                .containsAll(ConfigKeys.ALL.stream().filter(key -> key.defaultValue() != null).map(ConfigKey::name).toList());
    }
}
