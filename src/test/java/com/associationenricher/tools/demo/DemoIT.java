package com.associationenricher.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.associationenricher.tools.cli.ToolsMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The README's first command, shortened: the demo's own broker, simulator and enricher, and its summary. */
class DemoIT {

    @Test
    void theDemoAccountsForEveryGeneratedIdAndDeadLettersTheTypeWhoseScopeIsMissing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToolsMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("demo", "--events", "600", "--produce-seconds", "2");

        String summary = out.toString();
        assertThat(exit).as("exit code; output:%n%s%nerrors:%n%s", summary, err).isZero();
        assertThat(summary).containsPattern("ids accounted for\\s+all \\d+ \\(output or dead-letter topic\\)");
        assertThat(summary).containsPattern("MISSING_SCOPES\\s+[1-9]\\d*");
        assertThat(summary).containsPattern("UNDECODABLE_EVENT\\s+1");
        assertThat(summary).containsPattern("association events\\s+[1-9]\\d*");
        assertThat(summary).containsPattern("associations added/removed\\s+[1-9]\\d* / \\d+");
        assertThat(summary).containsPattern("unchanged answers not written\\s+\\d+");
        assertThat(summary).contains("\"added\":[{\"toObjectId\":\"").contains("\"removed\":[");
        assertThat(summary).contains("\"missingScopes\":[\"crm.objects.tickets.read\"]");
        assertThat(summary).contains("\"associationType\":\"");
        assertThat(err.toString()).contains("produced   600");
    }
}
