package com.associationenricher.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The merged values being validated, and every problem found so far: each read records its own problem and returns
 * null instead of throwing, so one start-up reports all mistakes at once.
 */
final class ConfigValues {

    private static final int MAX_ECHOED = 120;

    private final Map<String, String> given;
    private final List<String> problems;

    ConfigValues(Map<String, String> given, List<String> problems) {
        this.given = new TreeMap<>(given);
        this.problems = new ArrayList<>(problems);
    }

    /** What is in force: every default, overridden by what was given. */
    Map<String, String> effective() {
        Map<String, String> effective = new TreeMap<>();
        ConfigKeys.ALL.stream().filter(key -> key.defaultValue() != null)
                .forEach(key -> effective.put(key.name(), key.defaultValue()));
        effective.putAll(given);
        return Collections.unmodifiableMap(effective);
    }

    Optional<String> optional(ConfigKey key) {
        return Optional.ofNullable(given.getOrDefault(key.name(), key.defaultValue()));
    }

    boolean isGiven(ConfigKey key) {
        return given.containsKey(key.name());
    }

    /** The value, or null with a problem when neither given nor defaulted. */
    String required(ConfigKey key) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            problem(key.label() + " is required: " + key.expectedForm());
        }
        return value.orElse(null);
    }

    /**
     * The value read by {@code parser}, which throws IllegalArgumentException for a value not of the key's form;
     * null (and a problem) then, or when the key is unset and has no default.
     */
    <T> T parsed(ConfigKey key, Function<String, T> parser) {
        String text = required(key);
        return text == null ? null : parse(key, text, parser);
    }

    <T> Optional<T> parsedIfSet(ConfigKey key, Function<String, T> parser) {
        return optional(key).map(text -> parse(key, text, parser));
    }

    private <T> T parse(ConfigKey key, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (Detailed e) {
            invalid(key, text, e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            invalid(key, text, null);
            return null;
        }
    }

    /** A parser's refusal whose message helps the reader find the mistake in a long value; shown after it. */
    static final class Detailed extends IllegalArgumentException {
        Detailed(String detail) {
            super(detail);
        }
    }

    Integer integer(ConfigKey key, int min, int max) {
        return parsed(key, text -> {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        });
    }

    Boolean bool(ConfigKey key) {
        return parsed(key, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        });
    }

    Duration positiveDuration(ConfigKey key) {
        return parsed(key, text -> {
            Duration value = DurationFormat.parse(text);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return value;
        });
    }

    <E extends Enum<E> & ConfigChoice> E choice(ConfigKey key, Class<E> type) {
        return parsed(key, text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.configValue().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("not a choice");
        });
    }

    /** An absolute http or https URL with a host, without a trailing slash so paths can be appended. */
    static URI httpUrl(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL", e);
        }
    }

    /** "key (ENV) must be FORM, got "value"" — the value only when the key is not secret. */
    void invalid(ConfigKey key, String value) {
        invalid(key, value, null);
    }

    private void invalid(ConfigKey key, String value, String detail) {
        String got = key.secret() ? "" : ", got \"" + echo(value) + "\"" + (detail == null ? "" : " (" + detail.replace('\n', ' ').replace('\r', ' ') + ")");
        problem(key.label() + " must be " + key.expectedForm() + got);
    }

    void problem(String problem) {
        problems.add(problem);
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Keeps the message on one line and short. */
    private static String echo(String value) {
        String oneLine = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= MAX_ECHOED ? oneLine : oneLine.substring(0, MAX_ECHOED) + "...";
    }
}
