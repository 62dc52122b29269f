package com.associationenricher.ingress;

import com.associationenricher.config.IngressSettings;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint HubSpot posts webhook batches to, on Jetty 12 (core API, no servlets): chosen because it faces
 * the internet, where the JDK's server has no read or idle timeout and gives a slow client a thread. Jetty parses
 * and reads without holding threads, closes idle connections, and its small I/O pool never waits on Kafka; the
 * requests themselves are decided by {@link WebhookHandler}. A request is answered 200 only once every event is
 * acknowledged by Kafka, else 503 with {@code Retry-After}, so HubSpot sends the batch again and nothing is lost.
 * Bodies hold personal data: no answer or log line ever quotes one.
 */
public final class WebhookIngress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);
    /**
     * Jetty's own threads only parse, read and write: none waits on Kafka, so a few suffice. Their job queue stays
     * Jetty's default (Jetty warns that a bounded one can drop its internal tasks); the bound that matters is the
     * workers' queue, which answers 503.
     */
    static final int IO_THREADS = 8;

    private final IngressSettings settings;
    private final Server server;
    private final ServerConnector connector;
    private final WebhookHandler handler;

    private WebhookIngress(IngressSettings settings, SignatureVerifier verifier, ChangeEventSink sink,
                           IngressMetrics metrics) {
        this.settings = settings;
        QueuedThreadPool io = new QueuedThreadPool(IO_THREADS, 2, 60_000);
        io.setName("webhook-io");
        io.setDaemon(true);
        this.server = new Server(io);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.limits().idleTimeout().toMillis());
        connector.addEventListener(new HeaderDeadline(server.getScheduler(), settings.limits().readTimeout()));
        server.addConnector(connector);
        this.handler = new WebhookHandler(settings, new WebhookJudge(verifier, sink, metrics, settings.maxEvents()),
                metrics, connector::getLocalPort);
        server.setHandler(handler);
    }

    /** Starts listening on {@code ingress.port}; the sink stays the caller's to close, after this ingress. */
    public static WebhookIngress start(IngressSettings settings, SignatureVerifier verifier, ChangeEventSink sink,
                                       IngressMetrics metrics) {
        WebhookIngress ingress = new WebhookIngress(settings, verifier, sink, metrics);
        try {
            ingress.server.start();
        } catch (Exception e) {
            ingress.close();
            throw new IllegalStateException("cannot listen for webhooks on port " + settings.port() + ": " + e.getMessage(), e);
        }
        LOG.info("Receiving HubSpot webhooks on port {} at {} (signature versions {}, {} workers, idle timeout {}, "
                        + "read timeout {})", ingress.port(), settings.path(), settings.acceptedSignatureVersions(),
                settings.limits().workerThreads(), settings.limits().idleTimeout(), settings.limits().readTimeout());
        return ingress;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Requests read and waiting for a worker thread. */
    int queuedRequests() {
        return handler.queuedRequests();
    }

    /** Ready while it accepts requests (readiness of Kafka shows in each answer: 503 until it is back). */
    public boolean isServing() {
        return handler.serving() && server.isStarted();
    }

    /**
     * Lets requests being stored finish (each waits at most {@code ingress.kafka-timeout} for Kafka), answering new
     * ones 503, then stops listening. The sink is closed by its owner afterwards.
     */
    @Override
    public void close() {
        handler.stopServing(settings.kafkaTimeout().plusSeconds(1));
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Webhook ingress did not stop cleanly: {}", e.toString());
        }
        LOG.info("Webhook ingress stopped");
    }
}
