package trading.safety.console.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role an API handler needs. A handler without it cannot be called at all, so an endpoint added
 * without a decision about who may call it fails closed.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Allowed {
    Role value();
}
