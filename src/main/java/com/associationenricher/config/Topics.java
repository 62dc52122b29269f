package com.associationenricher.config;

import static com.associationenricher.config.ConfigKeys.TOPICS_CREATE;
import static com.associationenricher.config.ConfigKeys.TOPICS_DEAD_LETTER;
import static com.associationenricher.config.ConfigKeys.TOPICS_INPUT;
import static com.associationenricher.config.ConfigKeys.TOPICS_OUTPUT;
import static com.associationenricher.config.ConfigKeys.TOPICS_PARTITIONS;
import static com.associationenricher.config.ConfigKeys.TOPICS_REPLICATION_FACTOR;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The three topics of the service and how to create them when missing. {@code replicationFactor} -1 leaves the
 * choice to the broker's {@code default.replication.factor}.
 */
public record Topics(String input, String output, String deadLetter, boolean create, int partitions,
                     short replicationFactor) {
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** The {@code topics.*} section; null when any key of the configuration has a problem (recorded in values). */
    static Topics from(ConfigValues values) {
        String input = values.parsed(TOPICS_INPUT, Topics::topicName);
        String output = values.parsed(TOPICS_OUTPUT, Topics::topicName);
        String deadLetter = values.parsed(TOPICS_DEAD_LETTER, Topics::topicName);
        Boolean create = values.bool(TOPICS_CREATE);
        Integer partitions = values.integer(TOPICS_PARTITIONS, 1, 10_000);
        Integer replication = values.parsed(TOPICS_REPLICATION_FACTOR, text -> {
            int factor = Integer.parseInt(text);
            if (factor != -1 && (factor < 1 || factor > Short.MAX_VALUE)) {
                throw new IllegalArgumentException("out of range");
            }
            return factor;
        });
        if (input != null && output != null && deadLetter != null
                && new HashSet<>(List.of(input, output, deadLetter)).size() != 3) {
            values.problem(TOPICS_INPUT.label() + ", " + TOPICS_OUTPUT.label() + " and " + TOPICS_DEAD_LETTER.label()
                    + " must be three different topics, got \"" + input + "\", \"" + output + "\", \"" + deadLetter + "\"");
        }
        return values.hasProblems() ? null
                : new Topics(input, output, deadLetter, create, partitions, replication.shortValue());
    }

    private static String topicName(String text) {
        if (!TOPIC_NAME.matcher(text).matches() || text.equals(".") || text.equals("..")) {
            throw new IllegalArgumentException("not a topic name");
        }
        return text;
    }
}
