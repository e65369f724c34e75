package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AlpacaAccountsTest {

    @Test
    void readsAccountKeyPairsAndKeepsColonsInSecrets() {
        var accounts = OrderRouterApplication.alpacaAccounts("ACC-1:key-1:sec:ret, ACC-2:key-2:secret-2");

        assertThat(accounts).containsOnlyKeys("ACC-1", "ACC-2");
        assertThat(accounts.get("ACC-1").secretKey()).isEqualTo("sec:ret");
        assertThat(accounts.get("ACC-1").toString()).doesNotContain("sec:ret");
    }

    @Test
    void namesTheMalformedEntryWithoutEchoingIt() {
        assertThatThrownBy(() -> OrderRouterApplication.alpacaAccounts("ACC-1:key-1:secret,ACC-2:only-a-key"))
                .hasMessageContaining("entry 2").hasMessageNotContaining("only-a-key");
    }
}
