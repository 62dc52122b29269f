package com.associationenricher.cli;

import com.associationenricher.config.DurationFormat;
import com.associationenricher.dlq.ToolContext;
import com.associationenricher.dlq.TopicTail;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tail}: any topic as JSON lines, Avro decoded through the Schema Registry, like the Avro console consumer. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print records of a topic as JSON lines (Avro decoded with the Schema Registry).")
public final class TailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the beginning instead of the end.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    Long max;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long without a record (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        if (max != null && max < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max must be at least 1, got " + max);
        }
        ToolContext tools = DlqCommand.toolContext(configOption);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        new TopicTail(tools.clients(), tools.decoder()).tail(topic, fromBeginning, max == null ? Long.MAX_VALUE : max,
                timeout, line -> {
                    out.println(line);
                    out.flush();
                }, err::println);
        return 0;
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            try {
                return DurationFormat.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a duration like 500ms, 10s or 5m");
            }
        }
    }
}
