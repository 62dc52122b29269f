package com.associationenricher.ingress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that each send one byte of a webhook request per second, as a slow or hostile client does: half trickle
 * the request headers, half send the headers at once and trickle the body. Bounded: each stops after its request is
 * written or the server closes the socket, and all stop on {@link #close()}.
 */
final class SlowClients implements AutoCloseable {

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "slow-clients");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger bytesSent = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();

    static SlowClients start(int port, String path, int count) throws IOException {
        SlowClients clients = new SlowClients();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            clients.sockets.add(socket);
            String body = "[{\"eventId\":1,\"portalId\":1,\"occurredAt\":1}]";
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n";
            boolean trickleHead = i % 2 == 0;
            byte[] request = (head + body).getBytes(StandardCharsets.US_ASCII);
            int[] next = {0};
            OutputStream out = socket.getOutputStream();
            if (!trickleHead) {
                out.write(request, 0, head.length());
                out.flush();
                next[0] = head.length();
            }
            clients.ticker.scheduleAtFixedRate(() -> clients.sendOne(socket, out, request, next), 0, 1, TimeUnit.SECONDS);
        }
        return clients;
    }

    private void sendOne(Socket socket, OutputStream out, byte[] request, int[] next) {
        if (socket.isClosed() || next[0] >= request.length - 1) {
            return; // never the last byte: the request stays incomplete for as long as the test runs
        }
        try {
            out.write(request[next[0]++]);
            out.flush();
            bytesSent.incrementAndGet();
        } catch (IOException e) {
            closedByServer.incrementAndGet();
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    int bytesSent() {
        return bytesSent.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
