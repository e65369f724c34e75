package trading.safety.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A deliberately cheap open-loop HTTP/1.1 load generator: a fixed set of keep-alive connections, one
 * blocking thread each, so the client spends little CPU on a machine it shares with the service.
 * Request {@code i} is due at {@code start + i / rate}; its latency is measured from that due time, so
 * time spent waiting for a free connection (a backlog) counts against the service.
 */
final class RawHttpLoad {

    /** Latencies in nanoseconds per request, errors, and when the last answer came. */
    record Outcome(long[] latencies, int errors, long startNanos, long lastAnswerNanos) {
    }

    private final String host;
    private final int port;
    private final int connections;

    RawHttpLoad(String host, int port, int connections) {
        this.host = host;
        this.port = port;
        this.connections = connections;
    }

    /**
     * Sends {@code total} requests at {@code rate} per second; {@code request} renders request
     * {@code i} as the full HTTP/1.1 bytes. A 2xx answer is a success.
     */
    Outcome run(int rate, int total, IntFunction<byte[]> request) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong last = new AtomicLong();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        Thread[] workers = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Thread(() -> {
                Connection connection = null;
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * interval;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (connection == null) {
                            connection = new Connection(host, port);
                        }
                        if (connection.exchange(request.apply(i)) / 100 != 2) {
                            errors.incrementAndGet();
                        }
                        if (connection.closedByServer) {
                            connection = close(connection);
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        connection = close(connection);
                    }
                    long now = System.nanoTime();
                    latencies[i] = now - due;
                    last.accumulateAndGet(now, Math::max);
                }
                close(connection);
            }, "load-" + w);
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Outcome(latencies, errors.get(), start, last.get());
    }

    private static Connection close(Connection connection) {
        if (connection != null) {
            try {
                connection.socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        return null;
    }

    /** One keep-alive connection: writes a request, reads one response (Content-Length or chunked). */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private boolean closedByServer;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16384);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String head = readHead();
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toLowerCase();
            int length = contentLength(lower);
            if (length >= 0) {
                skip(length);
            } else if (lower.contains("transfer-encoding: chunked")) {
                skipChunks();
            }
            // Servers end keep-alive after some requests (Tomcat: 100); the answer still counts.
            closedByServer = lower.contains("connection: close");
            return status;
        }

        private String readHead() throws IOException {
            int size = 0;
            while (size < 4 || !(buffer[size - 4] == '\r' && buffer[size - 3] == '\n' && buffer[size - 2] == '\r'
                    && buffer[size - 1] == '\n')) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (size == buffer.length) {
                    throw new IOException("response head too large");
                }
                buffer[size++] = (byte) b;
            }
            return new String(buffer, 0, size, StandardCharsets.ISO_8859_1);
        }

        private static int contentLength(String head) {
            int at = head.indexOf("content-length:");
            if (at < 0) {
                return -1;
            }
            int end = head.indexOf('\r', at);
            return Integer.parseInt(head.substring(at + "content-length:".length(), end).trim());
        }

        private void skip(int length) throws IOException {
            long remaining = length;
            while (remaining > 0) {
                long skipped = in.skip(remaining);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                remaining -= skipped;
            }
        }

        private void skipChunks() throws IOException {
            while (true) {
                StringBuilder line = new StringBuilder();
                int b;
                while ((b = in.read()) != '\n') {
                    if (b < 0) {
                        throw new IOException("connection closed mid-chunk");
                    }
                    if (b != '\r') {
                        line.append((char) b);
                    }
                }
                int size = Integer.parseInt(line.toString().trim(), 16);
                skip(size + 2);
                if (size == 0) {
                    return;
                }
            }
        }
    }

    static double percentileMs(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
