package com.associationenricher.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration values from one place (a file, the environment, a map), already turned into key names, with the
 * names it did not recognise as problems. Blank values count as unset, so {@code FOO=} in a compose file does not
 * override anything. Only names are checked here; values are checked by {@link EnricherConfig}.
 */
public record ConfigSource(String origin, Map<String, String> values, List<String> problems) {

    private static final String KAFKA_ENV_PREFIX = ConfigKey.envVariableOf(ConfigKeys.KAFKA_PREFIX);
    private static final String PORTALS_ENV_PREFIX = ConfigKey.envVariableOf(ConfigKeys.PORTALS_PREFIX);

    public ConfigSource {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
        problems = List.copyOf(problems);
    }

    /** Keys as written in a config file (what tests and the demo pass). */
    public static ConfigSource ofMap(Map<String, String> keysToValues) {
        return checked("map", keysToValues, "");
    }

    /**
     * A properties file, or a YAML (or JSON) file when named {@code .yaml}, {@code .yml} or {@code .json}: nested
     * maps are flattened to dotted keys, lists joined with commas.
     *
     * @throws ConfigException when the file cannot be read or parsed
     */
    public static ConfigSource ofFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not readable");
        }
        Map<String, String> values = new TreeMap<>();
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
                flatten("", new YAMLMapper().readTree(file.toFile()), values, file);
            } else {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.stringPropertyNames().forEach(key -> values.put(key.trim(), properties.getProperty(key)));
            }
        } catch (JsonProcessingException e) {
            // The parser's message can quote file content, which may hold a token: give the position only.
            JsonLocation at = e.getLocation();
            throw new ConfigException("config file " + file + " is not valid YAML"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return checked(file.toString(), values, " in " + file);
    }

    /** The {@code ENRICHER_*} variables of an environment; other variables are ignored. */
    public static ConfigSource ofEnvironment(Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        new TreeMap<>(env).forEach((variable, value) -> {
            if (!variable.startsWith(ConfigKey.ENV_PREFIX) || isBlank(value)) {
                return;
            }
            keyOfEnvVariable(variable).ifPresentOrElse(
                    key -> values.put(key, value.trim()),
                    () -> problems.add("unknown environment variable " + variable + suggestion(variable, true)));
        });
        return new ConfigSource("environment", values, problems);
    }

    /**
     * The key an {@code ENRICHER_*} variable sets: a documented key's own variable, or, for Kafka, the remainder
     * lower-cased with {@code _} as {@code .} ({@code ENRICHER_KAFKA_STATE_DIR} is {@code kafka.state.dir}), or, for
     * portals, {@code ENRICHER_HUBSPOT_PORTALS_123_TOKEN_FILE} is {@code hubspot.portals.123.token-file}.
     */
    public static Optional<String> keyOfEnvVariable(String variable) {
        Optional<ConfigKey> documented = ConfigKeys.byEnvVariable(variable);
        if (documented.isPresent()) {
            return documented.map(ConfigKey::name);
        }
        if (variable.startsWith(KAFKA_ENV_PREFIX) && variable.length() > KAFKA_ENV_PREFIX.length()) {
            return Optional.of(ConfigKeys.KAFKA_PREFIX
                    + variable.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        if (variable.startsWith(PORTALS_ENV_PREFIX)) {
            String rest = variable.substring(PORTALS_ENV_PREFIX.length());
            int split = rest.indexOf('_');
            if (split > 0 && split < rest.length() - 1) {
                return Optional.of(ConfigKeys.PORTALS_PREFIX + rest.substring(0, split) + "."
                        + rest.substring(split + 1).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return Optional.empty();
    }

    private static ConfigSource checked(String origin, Map<String, String> raw, String where) {
        Map<String, String> values = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        raw.forEach((key, value) -> {
            if (!ConfigKeys.isAccepted(key)) {
                problems.add("unknown key " + key + where + suggestion(key, false));
            } else if (!isBlank(value)) {
                values.put(key, value.trim());
            }
        });
        return new ConfigSource(origin, values, problems);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into, Path file) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into, file);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (item.isContainerNode()) {
                    throw new ConfigException("config file " + file + ": " + prefix + " must be a list of plain values");
                }
                items.add(item.asText().trim());
            }
            into.put(prefix, String.join(",", items));
        } else {
            into.put(prefix, node.asText());
        }
    }

    /** Typo protection: the closest documented name, when it is a few edits away. */
    private static String suggestion(String unknown, boolean asEnvVariable) {
        return ConfigKeys.ALL.stream()
                .map(key -> asEnvVariable ? key.envVariable() : key.name())
                .min(Comparator.comparingInt(candidate -> editDistance(unknown, candidate)))
                .filter(candidate -> editDistance(unknown, candidate) <= 3)
                .map(candidate -> " (did you mean " + candidate + "?)")
                .orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
