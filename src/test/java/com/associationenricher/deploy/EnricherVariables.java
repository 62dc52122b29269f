package com.associationenricher.deploy;

import com.associationenricher.config.ConfigKey;
import com.associationenricher.config.ConfigSource;
import java.util.Collection;
import java.util.List;

/**
 * Which {@code ENRICHER_*} names in a deployment file the service would refuse. It asks the same mapping the service
 * uses at start-up ({@link ConfigSource#keyOfEnvVariable}): a documented key's variable, or a pass-through
 * ({@code ENRICHER_KAFKA_*}, {@code ENRICHER_HUBSPOT_PORTALS_*}).
 */
final class EnricherVariables {
    private EnricherVariables() {
    }

    static boolean isEnricherVariable(String name) {
        return name.startsWith(ConfigKey.ENV_PREFIX);
    }

    static List<String> unknown(Collection<String> names) {
        return names.stream()
                .filter(EnricherVariables::isEnricherVariable)
                .filter(name -> ConfigSource.keyOfEnvVariable(name).isEmpty())
                .sorted()
                .toList();
    }
}
