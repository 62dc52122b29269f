package com.associationenricher.cli;

import com.associationenricher.dlq.DeadLetterListing;
import com.associationenricher.dlq.DeadLetterRecord;
import com.associationenricher.dlq.DeadLetterSource;
import com.associationenricher.dlq.ToolContext;
import com.associationenricher.dlq.UnreadableRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlq list}: the matching dead letters, as a table or as JSON lines. Unreadable records go to stderr. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters, filtered.")
public final class DlqListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Mixin
    DlqCommand.FilterOptions filters;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table or json (one JSON object per line) (default: ${DEFAULT-VALUE}).")
    DeadLetterListing.Format format;

    @Override
    public Integer call() {
        var filter = filters.filter(spec);
        ToolContext tools = DlqCommand.toolContext(configOption);
        DeadLetterListing listing = new DeadLetterListing(tools.decoder());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean table = format == DeadLetterListing.Format.TABLE;
        if (table) {
            out.println(DeadLetterListing.tableHeader());
        }
        DeadLetterSource.Counts counts = tools.deadLetters().read(filter, new DeadLetterSource.Listener() {
            @Override
            public boolean matched(DeadLetterRecord record) {
                out.println(table ? DeadLetterListing.tableRow(record) : listing.json(record));
                return true;
            }

            @Override
            public void unreadable(UnreadableRecord record) {
                err.println(record.describe());
            }
        });
        if (table) {
            out.println("(" + counts.matched() + " dead letters of " + counts.read() + " records read from "
                    + tools.deadLetterTopic() + (counts.unreadable() > 0 ? "; " + counts.unreadable() + " unreadable skipped" : "") + ")");
        }
        out.flush();
        return 0;
    }
}
