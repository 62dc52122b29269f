package com.associationenricher.cli;

import com.associationenricher.dlq.ReplayItem;
import com.associationenricher.dlq.ReplayObserver;
import com.associationenricher.dlq.ReplayRequest;
import com.associationenricher.dlq.ReplaySummary;
import com.associationenricher.dlq.ToolContext;
import com.associationenricher.dlq.UnreadableRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dlq replay}: re-publishes the selected dead letters to the input topic so the enricher looks them up again.
 * The summary goes to stdout; unreadable records and, for long replays, a progress line updated in place go to stderr.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-publish selected dead letters as change events (or, with --include-invalid, as their original input).")
public final class DlqReplayCommand implements Callable<Integer> {

    /** Below this many records the progress line is noise. */
    static final int PROGRESS_ABOVE = 1_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Mixin
    DlqCommand.FilterOptions filters;

    @Option(names = "--to-topic", paramLabel = "TOPIC", description = "Topic to publish to (default: topics.input).")
    String toTopic;

    @Option(names = "--include-invalid",
            description = "Also re-publish the original bytes of INVALID_EVENT/UNDECODABLE_EVENT input (fix its producer first).")
    boolean includeInvalid;

    @Option(names = "--dry-run", description = "Print what would be sent, send nothing.")
    boolean dryRun;

    @Option(names = "--rate", paramLabel = "N", description = "At most N records per second (default: unlimited).")
    Integer rate;

    @Override
    public Integer call() {
        var filter = filters.filter(spec);
        if (rate != null && rate < 1) {
            throw new ParameterException(spec.commandLine(), "--rate must be at least 1 record per second, got " + rate);
        }
        ToolContext tools = DlqCommand.toolContext(configOption);
        String target = toTopic != null ? toTopic : tools.config().topics().input();
        ReplayRequest request = new ReplayRequest(filter, target, includeInvalid, dryRun, rate == null ? 0 : rate);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReplaySummary summary = tools.replayer().replay(request, new ReplayObserver() {
            @Override
            public void unreadable(UnreadableRecord record) {
                err.println(record.describe());
            }

            @Override
            public void wouldSend(ReplayItem item, String topic) {
                out.println("would send to " + topic + ": " + item.describe());
            }

            @Override
            public void progress(int sent, int total) {
                if (total > PROGRESS_ABOVE && (sent % 500 == 0 || sent == total)) {
                    err.print("\rreplaying: " + sent + "/" + total + " records handed to Kafka" + (sent == total ? "\n" : ""));
                    err.flush();
                }
            }
        });
        out.print(summary.render());
        out.flush();
        return 0;
    }
}
