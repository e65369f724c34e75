package trading.safety.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits until a child process answers 200 on a URL, failing early if the process exits. */
public final class HttpReadiness {

    private HttpReadiness() {
    }

    /**
     * @param where what to point the reader at when it fails (a log file, say)
     * @throws IllegalStateException when the process exits first or the timeout passes
     */
    public static void await(Process process, URI url, Duration timeout, String where) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the process exited with code " + process.exitValue()
                            + " before " + url + " answered; see " + where);
                }
                try {
                    if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + url, e);
        }
        throw new IllegalStateException(url + " did not answer within " + timeout + "; see " + where);
    }
}
