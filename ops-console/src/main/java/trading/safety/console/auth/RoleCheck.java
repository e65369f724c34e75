package trading.safety.console.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import trading.safety.console.api.ApiException;
import trading.safety.console.api.ErrorCode;

/**
 * Lets a request reach an API handler only when its caller's role includes the handler's {@link Allowed}
 * role. A handler with no {@link Allowed} is refused to everyone.
 */
public final class RoleCheck implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod)) {
            return true;
        }
        HandlerMethod method = (HandlerMethod) handler;
        Allowed allowed = method.getMethodAnnotation(Allowed.class);
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        if (caller == null) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "send Authorization: Bearer <token>");
        }
        if (allowed == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "this endpoint has no role that may call it");
        }
        if (!caller.role().includes(allowed.value())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "needs the " + allowed.value() + " role; the token has "
                    + caller.role());
        }
        return true;
    }
}
