package trading.safety.console.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;
import trading.safety.console.api.ApiException;
import trading.safety.console.api.ErrorCode;
import trading.safety.console.api.Problems;

/**
 * The gate in front of the API and the actuator: refuses cross-origin calls (same origin only), needs
 * a known bearer token on everything but {@code /actuator/health}, and caps request bodies. Which role a
 * handler needs is {@link RoleCheck}'s business; this only establishes who is calling.
 */
public final class ApiGuard extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenAuthenticator authenticator;
    private final long maxBodyBytes;

    public ApiGuard(TokenAuthenticator authenticator, long maxBodyBytes) {
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Only health is let through. The filter is mapped to {@code /api/*} and {@code /actuator/*}, which the
     * container matches on the decoded, normalised path; the exemption is decided on that same path (never the
     * raw request URI, where {@code /%61ctuator/...} would not look like the actuator).
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = decodedPath(request);
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    /** The path as the container and Spring match it: decoded, without the context path. */
    static String decodedPath(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(request, origin)) {
            refuse(response, ErrorCode.CROSS_ORIGIN, "requests from " + origin + " are not allowed");
            return;
        }
        Optional<Caller> caller = authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (caller.isEmpty()) {
            refuse(response, ErrorCode.UNAUTHENTICATED, "send Authorization: Bearer <token>");
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            refuse(response, ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds " + maxBodyBytes + " bytes");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(new Capped(request, maxBodyBytes), response);
    }

    private static boolean sameOrigin(HttpServletRequest request, String origin) {
        String host = request.getHeader(HttpHeaders.HOST);
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static void refuse(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        ProblemDetail body = Problems.body(code, detail, Map.of());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", body.getType().toString());
        json.put("title", body.getTitle());
        json.put("status", body.getStatus());
        json.put("detail", body.getDetail());
        json.putAll(body.getProperties());
        JSON.writeValue(response.getOutputStream(), json);
    }

    /** A request whose body stream fails with a 413 once more than the cap has been read. */
    private static final class Capped extends HttpServletRequestWrapper {

        private final long max;
        private ServletInputStream stream;

        Capped(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) {
                        read += n;
                        if (read > max) {
                            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the body exceeds " + max + " bytes");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
