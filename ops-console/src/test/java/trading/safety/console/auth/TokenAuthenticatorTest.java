package trading.safety.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private final TokenAuthenticator tokens = new TokenAuthenticator("admin-token-0123456789",
            "operator-token-0123456789", "viewer-token-0123456789");

    @Test
    void eachTokenNamesItsRoleAndOperator() {
        assertThat(tokens.authenticate("Bearer admin-token-0123456789")).contains(new Caller("admin", Role.ADMIN));
        assertThat(tokens.authenticate("bearer operator-token-0123456789"))
                .contains(new Caller("operator", Role.OPERATOR));
        assertThat(tokens.authenticate("Bearer  viewer-token-0123456789 ")).contains(new Caller("viewer", Role.VIEWER));
    }

    @Test
    void anythingElseIsNobody() {
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate("Bearer ")).isEmpty();
        assertThat(tokens.authenticate("Basic admin-token-0123456789")).isEmpty();
        assertThat(tokens.authenticate("admin-token-0123456789")).isEmpty();
        assertThat(tokens.authenticate("Bearer admin-token-012345678")).isEmpty();
        assertThat(tokens.authenticate("Bearer admin-token-01234567890")).isEmpty();
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
    }

    @Test
    void refusesTwoRolesSharingATokenAndAMissingOne() {
        assertThatThrownBy(() -> new TokenAuthenticator("same-token-0123456789", "same-token-0123456789",
                "viewer-token-0123456789")).hasMessageContaining("two roles share one");
        assertThatThrownBy(() -> new TokenAuthenticator("admin-token-0123456789", " ", "viewer-token-0123456789"))
                .hasMessageContaining("OPERATOR token is not configured");
        assertThatThrownBy(() -> new TokenAuthenticator("admin-token-0123456789", "  short-token     ",
                "viewer-token-0123456789")).hasMessageContaining("OPERATOR token must have at least 16");
    }
}
