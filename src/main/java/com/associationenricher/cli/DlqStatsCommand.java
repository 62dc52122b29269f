package com.associationenricher.cli;

import com.associationenricher.dlq.DeadLetterRecord;
import com.associationenricher.dlq.DeadLetterSource;
import com.associationenricher.dlq.DeadLetterStats;
import com.associationenricher.dlq.ToolContext;
import com.associationenricher.dlq.UnreadableRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlq stats}: how many dead letters, grouped by reason, category, portal and type pair, first and last seen. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Count dead letters by reason, HubSpot category, portal and from->to type pair.")
public final class DlqStatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption configOption;

    @Mixin
    DlqCommand.FilterOptions filters;

    @Override
    public Integer call() {
        var filter = filters.filter(spec);
        ToolContext tools = DlqCommand.toolContext(configOption);
        DeadLetterStats stats = new DeadLetterStats();
        var err = spec.commandLine().getErr();
        tools.deadLetters().read(filter, new DeadLetterSource.Listener() {
            @Override
            public boolean matched(DeadLetterRecord record) {
                stats.add(record);
                return true;
            }

            @Override
            public void unreadable(UnreadableRecord record) {
                stats.addUnreadable();
                err.println(record.describe());
            }
        });
        spec.commandLine().getOut().print(stats.render(tools.deadLetterTopic()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
