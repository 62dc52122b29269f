package com.associationenricher.tools.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Quiets, for the length of a demo, what would break its progress line without telling a person anything: the
 * in-JVM broker's own logs (controller activation, transaction fencing it resolves itself) and the Kafka clients'
 * warnings (NetworkClient disconnects while topics are created, the temp state-dir warning). The enricher's own
 * messages stay, except the per-batch scope warnings the demo provokes on purpose (its summary counts them).
 * A broker that fails shows anyway: ids stay unsettled and the demo exits 1. Closing restores every level.
 */
public final class DemoLogging implements AutoCloseable {
    /** Logger name (and its descendants) to the least severe level still shown; OFF for the broker. */
    static final Map<String, Level> QUIET = quiet();

    private final Map<Logger, Level> previous;

    private DemoLogging(Map<Logger, Level> previous) {
        this.previous = previous;
    }

    private static Map<String, Level> quiet() {
        Map<String, Level> quiet = new LinkedHashMap<>();
        for (String broker : new String[] {"kafka", "state.change.logger", "org.apache.kafka.common.test",
                "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.server", "org.apache.kafka.metadata",
                "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
                "org.apache.kafka.snapshot"}) {
            quiet.put(broker, Level.OFF);
        }
        quiet.put("org.apache.kafka", Level.ERROR);
        quiet.put("com.associationenricher.hubspot", Level.ERROR);
        return Map.copyOf(quiet);
    }

    /** Raises the quiet loggers (and any descendant configured below them) until {@link #close()}. */
    public static DemoLogging quietInfrastructure() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new DemoLogging(Map.of());
        }
        Map<Logger, Level> previous = new LinkedHashMap<>();
        QUIET.forEach((name, level) -> raise(context.getLogger(name), level, previous));
        for (Logger logger : context.getLoggerList()) {
            QUIET.forEach((name, level) -> {
                if (logger.getName().startsWith(name + ".") && logger.getLevel() != null) {
                    raise(logger, level, previous);
                }
            });
        }
        return new DemoLogging(previous);
    }

    private static void raise(Logger logger, Level level, Map<Logger, Level> previous) {
        if (logger.getLevel() == null || logger.getLevel().toInt() < level.toInt()) {
            previous.putIfAbsent(logger, logger.getLevel());
            logger.setLevel(level);
        }
    }

    @Override
    public void close() {
        previous.forEach(Logger::setLevel);
    }
}
