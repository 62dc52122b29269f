package com.associationenricher.ingress;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose first request has not got past its headers within the deadline. Jetty's idle timeout
 * alone never fires on a client that trickles its headers a byte at a time; such a client holds no thread, but
 * would hold its connection for hours.
 */
final class HeaderDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final Duration deadline;

    HeaderDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadline = deadline;
    }

    @Override
    public void onOpened(Connection connection) {
        scheduler.schedule(() -> {
            if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                connection.getEndPoint().close();
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
