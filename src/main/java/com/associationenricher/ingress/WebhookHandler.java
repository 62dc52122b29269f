package com.associationenricher.ingress;

import com.associationenricher.config.IngressSettings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.common.utils.ThreadUtils;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's handler for webhook requests, checked in the order that costs least to refuse: path, method, declared
 * size (413) on Jetty's thread; the body is read without holding a thread (413 as soon as it passes the limit, 408
 * when it is late); only a complete body takes one of the bounded worker threads for the signature check and Kafka,
 * and when those and their queue are full it is answered 503 at once. So slow clients cost a connection each, never
 * a worker.
 */
final class WebhookHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);

    private final IngressSettings settings;
    private final WebhookJudge judge;
    private final IngressMetrics metrics;
    private final IntSupplier localPort;
    private final ThreadPoolExecutor workers;
    private volatile boolean serving = true;
    private final Object inFlightLock = new Object();
    private int inFlight;

    WebhookHandler(IngressSettings settings, WebhookJudge judge, IngressMetrics metrics, IntSupplier localPort) {
        this.settings = settings;
        this.judge = judge;
        this.metrics = metrics;
        this.localPort = localPort;
        int queued = settings.limits().maxQueuedRequests();
        BlockingQueue<Runnable> queue = queued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queued);
        int threads = settings.limits().workerThreads();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue,
                ThreadUtils.createThreadFactory("webhook-ingress-%d", true), new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        if (!serving) {
            answer(request, response, callback, started, new RequestAnswer(IngressOutcome.STOPPING, "shutting down", 0));
        } else if (!settings.path().equals(request.getHttpURI().getPath())) {
            answer(request, response, callback, started, new RequestAnswer(IngressOutcome.NOT_FOUND, "no such path", 0));
        } else if (!"POST".equals(request.getMethod())) {
            answer(request, response, callback, started,
                    new RequestAnswer(IngressOutcome.METHOD_NOT_ALLOWED, "method " + request.getMethod(), 0));
        } else if (request.getLength() > settings.maxBodyBytes()) {
            answer(request, response, callback, started, tooLarge((int) Math.min(Integer.MAX_VALUE, request.getLength())));
        } else {
            BodyReader.read(request, settings.maxBodyBytes(), settings.limits().readTimeout())
                    .whenComplete((outcome, failure) -> received(request, response, callback, started, outcome, failure));
        }
        return true;
    }

    private void received(Request request, Response response, Callback callback, long started,
                          BodyReader.Outcome outcome, Throwable failure) {
        if (failure != null) {
            LOG.error("Webhook request failed", failure);
            answer(request, response, callback, started, new RequestAnswer(IngressOutcome.INTERNAL_ERROR, "internal error", 0));
        } else if (outcome instanceof BodyReader.Body body) {
            dispatch(request, response, callback, started, body.bytes());
        } else if (outcome instanceof BodyReader.TooLarge tooLarge) {
            answer(request, response, callback, started, tooLarge(tooLarge.bytesSeen()));
        } else if (outcome instanceof BodyReader.TimedOut late) {
            answer(request, response, callback, started, new RequestAnswer(IngressOutcome.READ_TIMEOUT,
                    "body not received within " + settings.limits().readTimeout(), late.bytesSeen()));
        } else if (outcome instanceof BodyReader.Failed failed) {
            // The client went away or its connection idled out: there is no one left to answer.
            LOG.warn("Webhook request could not be answered: {}", failed.cause().toString());
            callback.failed(failed.cause());
        }
    }

    private RequestAnswer tooLarge(int bytes) {
        return new RequestAnswer(IngressOutcome.TOO_LARGE, "body over " + settings.maxBodyBytes() + " bytes",
                Math.max(bytes, settings.maxBodyBytes() + 1));
    }

    private void dispatch(Request request, Response response, Callback callback, long started, byte[] body) {
        String signedUri = signedUri(request);
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of(SignedRequest.SIGNATURE_V3, SignedRequest.TIMESTAMP, SignedRequest.SIGNATURE,
                SignedRequest.SIGNATURE_VERSION)) {
            String value = request.getHeaders().get(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        enter();
        Callback leaving = leaving(callback);
        try {
            workers.execute(() -> answer(request, response, leaving, started,
                    serving ? judgeSafely(signedUri, headers, body)
                            : new RequestAnswer(IngressOutcome.STOPPING, "shutting down", body.length)));
        } catch (RejectedExecutionException e) {
            answer(request, response, leaving, started, new RequestAnswer(IngressOutcome.SATURATED,
                    "all " + settings.limits().workerThreads() + " workers busy and queue full", body.length));
        }
    }

    private RequestAnswer judgeSafely(String signedUri, Map<String, String> headers, byte[] body) {
        try {
            return judge.judge(signedUri, headers, body);
        } catch (RuntimeException e) {
            LOG.error("Webhook request failed", e);
            return new RequestAnswer(IngressOutcome.INTERNAL_ERROR, "internal error", body.length);
        }
    }

    private void answer(Request request, Response response, Callback callback, long started, RequestAnswer answer) {
        // Counted before answering, so whoever sees the answer also sees it in the metrics.
        metrics.request(answer.outcome(), Duration.ofNanos(System.nanoTime() - started));
        WebhookResponses.send(response, answer, callback);
        if (answer.outcome() == IngressOutcome.ACCEPTED) {
            LOG.debug("Webhook request accepted: {} bytes, {}", answer.bytes(), answer.reason());
        } else {
            LOG.warn("Webhook request refused: status {} ({}), {} bytes, from {}:{}", answer.outcome().status(),
                    answer.reason(), answer.bytes(), Request.getRemoteAddr(request), Request.getRemotePort(request));
        }
    }

    /**
     * The URL HubSpot signed: {@code ingress.public-url} when set (with the request's query when it has none), else
     * the URL this server was called at, as plain http (behind TLS termination, set the public URL).
     */
    private String signedUri(Request request) {
        String rawQuery = request.getHttpURI().getQuery();
        if (settings.publicUrl().isPresent()) {
            URI publicUrl = settings.publicUrl().get();
            return publicUrl.getRawQuery() == null && rawQuery != null ? publicUrl + "?" + rawQuery : publicUrl.toString();
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        return "http://" + (host == null ? "localhost:" + localPort.getAsInt() : host) + request.getHttpURI().getPathQuery();
    }

    int queuedRequests() {
        return workers.getQueue().size();
    }

    boolean serving() {
        return serving;
    }

    /** Answers new requests 503, lets those being stored finish (at most {@code wait}), then stops the workers. */
    void stopServing(Duration wait) {
        serving = false;
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (inFlightLock) {
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    inFlightLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        workers.shutdownNow();
    }

    private void enter() {
        synchronized (inFlightLock) {
            inFlight++;
        }
    }

    /** The request's callback, which also counts the request out once its answer is written (or failed). */
    private Callback leaving(Callback callback) {
        return new Callback() {
            @Override
            public void succeeded() {
                try {
                    callback.succeeded();
                } finally {
                    leave();
                }
            }

            @Override
            public void failed(Throwable cause) {
                try {
                    callback.failed(cause);
                } finally {
                    leave();
                }
            }
        };
    }

    private void leave() {
        synchronized (inFlightLock) {
            inFlight--;
            inFlightLock.notifyAll();
        }
    }
}
