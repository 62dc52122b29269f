package com.associationenricher.cli;

import com.associationenricher.config.ConfigPurpose;
import com.associationenricher.config.DurationFormat;
import com.associationenricher.config.EnricherConfig;
import com.associationenricher.dlq.DeadLetterFilter;
import com.associationenricher.dlq.ToolClients;
import com.associationenricher.dlq.ToolContext;
import com.associationenricher.events.avro.DeadLetterReason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dlq}: the operator's view of the dead-letter topic. Its subcommands read a snapshot of the topic (never the
 * enricher's consumer group), so they are safe to run next to a live enricher, and need only Kafka and the Schema
 * Registry from the configuration, not HubSpot credentials.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Inspect and replay the dead-letter topic.",
        subcommands = {DlqStatsCommand.class, DlqListCommand.class, DlqReplayCommand.class})
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: stats, list or replay");
    }

    /** The service's configuration, loaded for a tool: Kafka and registry settings, no HubSpot credentials needed. */
    static ToolContext toolContext(ConfigOption configOption) {
        ToolClients.quietConnectionWarnings();
        return ToolContext.of(EnricherConfig.load(configOption.file, System.getenv(), ConfigPurpose.TOOLS));
    }

    /** The filters shared by stats, list and replay. */
    static final class FilterOptions {

        @Option(names = "--reason", split = ",", paramLabel = "REASON",
                description = "Only these reasons (comma-separated): ${COMPLETION-CANDIDATES}.")
        List<DeadLetterReason> reasons = new ArrayList<>();

        @Option(names = "--category", paramLabel = "CATEGORY", description = "Only this HubSpot error category, e.g. MISSING_SCOPES.")
        String category;

        @Option(names = "--portal", paramLabel = "PORTAL_ID", description = "Only this HubSpot portal.")
        Long portal;

        @Option(names = "--from-type", paramLabel = "TYPE", description = "Only ids of this object type, e.g. contacts.")
        String fromType;

        @Option(names = "--to-type", paramLabel = "TYPE", description = "Only lookups toward this object type, e.g. companies.")
        String toType;

        @Option(names = "--since", paramLabel = "TIME", converter = TimePoint.class,
                description = "Only dead letters from this time on: an ISO-8601 instant (2026-05-01T10:00:00Z) or a duration ago (30m, 2h, 1d).")
        Instant since;

        @Option(names = "--until", paramLabel = "TIME", converter = TimePoint.class,
                description = "Only dead letters before this time (same forms as --since).")
        Instant until;

        @Option(names = "--limit", paramLabel = "N", description = "Stop after N matching dead letters.")
        Integer limit;

        DeadLetterFilter filter(CommandSpec spec) {
            if (limit != null && limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
            }
            if (since != null && until != null && !since.isBefore(until)) {
                throw new ParameterException(spec.commandLine(), "--since (" + since + ") must be before --until (" + until + ")");
            }
            return new DeadLetterFilter(Set.copyOf(reasons), Optional.ofNullable(category), Optional.ofNullable(portal),
                    Optional.ofNullable(fromType), Optional.ofNullable(toType), Optional.ofNullable(since),
                    Optional.ofNullable(until), limit == null ? OptionalInt.empty() : OptionalInt.of(limit));
        }
    }

    /** Reads {@code --since}/{@code --until}: an ISO-8601 instant or date-time with offset, or a duration ago. */
    static final class TimePoint implements CommandLine.ITypeConverter<Instant> {

        @Override
        public Instant convert(String text) {
            String trimmed = text.trim();
            try {
                return OffsetDateTime.parse(trimmed).toInstant();
            } catch (DateTimeParseException notADateTime) {
                try {
                    return Instant.now().minus(DurationFormat.parse(trimmed));
                } catch (IllegalArgumentException notADuration) {
                    throw new CommandLine.TypeConversionException("'" + text + "' is neither an ISO-8601 instant like "
                            + "2026-05-01T10:00:00Z nor a duration ago like 30m, 2h or 1d");
                }
            }
        }
    }
}
