package com.associationenricher.ingress;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the client is slow: Jetty calls back when bytes arrive. The
 * size limit is checked on every chunk, so no more than one chunk past it is ever held, and the whole body must have
 * arrived within the read timeout.
 */
final class BodyReader implements Runnable {

    /** The body, or why there is none. */
    sealed interface Outcome permits Body, TooLarge, TimedOut, Failed {
    }

    record Body(byte[] bytes) implements Outcome {
    }

    record TooLarge(int bytesSeen) implements Outcome {
    }

    record TimedOut(int bytesSeen) implements Outcome {
    }

    record Failed(Throwable cause) implements Outcome {
    }

    private final Request request;
    private final int maxBytes;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private Scheduler.Task timeout;

    private BodyReader(Request request, int maxBytes) {
        this.request = request;
        this.maxBytes = maxBytes;
    }

    static CompletableFuture<Outcome> read(Request request, int maxBytes, Duration readTimeout) {
        BodyReader reader = new BodyReader(request, maxBytes);
        reader.timeout = request.getComponents().getScheduler().schedule(
                () -> reader.outcome.complete(new TimedOut(reader.bytesSeen())), readTimeout.toMillis(), TimeUnit.MILLISECONDS);
        reader.outcome.whenComplete((result, failure) -> reader.timeout.cancel());
        reader.run();
        return reader.outcome;
    }

    private synchronized int bytesSeen() {
        return body.size();
    }

    @Override
    public void run() {
        while (!outcome.isDone()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                outcome.complete(new Failed(chunk.getFailure()));
                return;
            }
            boolean last = chunk.isLast();
            try {
                if (!append(chunk.getByteBuffer())) {
                    outcome.complete(new TooLarge(maxBytes + 1));
                    return;
                }
            } finally {
                chunk.release();
            }
            if (last) {
                outcome.complete(new Body(finished()));
                return;
            }
        }
    }

    private synchronized boolean append(ByteBuffer bytes) {
        if (body.size() + bytes.remaining() > maxBytes) {
            return false;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        body.writeBytes(copy);
        return true;
    }

    private synchronized byte[] finished() {
        return body.toByteArray();
    }
}
