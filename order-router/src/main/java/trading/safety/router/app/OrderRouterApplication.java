package trading.safety.router.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.OAuthToken;
import trading.safety.router.broker.alpaca.AlpacaAdapter;
import trading.safety.router.broker.tradier.TradierAdapter;
import trading.safety.router.config.RouterProperties;
import trading.safety.router.paper.PaperBookKeeper;
import trading.safety.router.paper.PaperBroker;
import trading.safety.router.paper.PaperHttpAdapter;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ProvisionedContract;
import trading.safety.service.ServiceTopics;

/** order-router: Sends approved intents to the active broker and reports what happened. */
@SpringBootApplication
@EnableConfigurationProperties(RouterProperties.class)
public class OrderRouterApplication {

    /** The configuration file name ({@code order-router.yml}), distinct per service so all can share one JVM. */
    public static final String CONFIG_NAME = "order-router";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as the local stack and {@link #main} start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(OrderRouterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    ServiceTopics serviceTopics() {
        return ServiceTopics.of(Topics.ORDER_INTENTS, Topics.CONTROL, Topics.MARKET_DATA, Topics.ORDER_EVENTS, Topics.FILLS, Topics.BROKER_SNAPSHOTS, Topics.BROKER_STATUS, Topics.ALERTS, Topics.AUDIT, Topics.DLQ);
    }

    /**
     * The brokers: the paper broker (in this process unless {@code safety.router.paper.url} names a paper
     * broker process), a second paper broker process when {@code safety.router.paper.secondary-url} names one,
     * and Alpaca and Tradier when accounts are configured for them.
     */
    @Bean
    Brokers brokers(RouterProperties properties, Clock clock) {
        Map<String, BrokerAdapter> adapters = new HashMap<>();
        PaperBroker inProcess = null;
        RouterProperties.Paper p = properties.paper();
        if (p.url() != null && !p.url().toString().isBlank()) {
            adapters.put("paper", new PaperHttpAdapter("paper", p.url(), p.timeout()));
        } else {
            inProcess = new PaperBroker("paper", new PaperBroker.Settings(p.latency(), p.rejectRatio(),
                    p.partialFillRatio(), p.feePerShare(), p.startingCash(), p.seed()), clock);
            p.accounts().forEach(inProcess::openAccount);
            adapters.put("paper", inProcess);
        }
        if (p.secondaryUrl() != null && !p.secondaryUrl().toString().isBlank()) {
            adapters.put(RouterProperties.Paper.SECONDARY_ID, new PaperHttpAdapter(RouterProperties.Paper.SECONDARY_ID,
                    p.secondaryUrl(), p.timeout()));
        }
        RouterProperties.Alpaca alpaca = properties.alpaca();
        if (alpaca.enabled()) {
            adapters.put("alpaca", new AlpacaAdapter("alpaca", alpaca.baseUrl(), alpacaAccounts(alpaca.accounts()),
                    alpaca.timeout()));
        }
        RouterProperties.Tradier tradier = properties.tradier();
        if (tradier.enabled()) {
            adapters.put("tradier", tradier(tradier, clock));
        }
        return new Brokers(adapters, inProcess);
    }

    /** The Tradier adapter; a missing setting fails startup naming it (never a secret's value). */
    static TradierAdapter tradier(RouterProperties.Tradier t, Clock clock) {
        String prefix = "safety.router.tradier.";
        require(t.baseUrl() != null, prefix + "base-url must be set");
        require(present(t.accessToken()), prefix + "access-token must be set when accounts are");
        require(t.tokenExpiresAt() != null, prefix + "token-expires-at must be set when accounts are");
        boolean refresh = present(t.refreshToken());
        require(!refresh || present(t.clientId()) && present(t.clientSecret()),
                prefix + "client-id and client-secret must be set with a refresh-token");
        OAuthToken token = new OAuthToken("tradier", new OAuthToken.Grant(t.accessToken(),
                refresh ? t.refreshToken() : null, t.tokenExpiresAt()),
                refresh ? TradierAdapter.refresher("tradier", t.baseUrl(), t.clientId(), t.clientSecret(), t.timeout(),
                        clock) : refreshToken -> {
                            throw new BrokerException("tradier has no refresh token", false, null);
                        },
                t.refreshAhead(), t.retryAfter(), present(t.tokenStore()) ? Path.of(t.tokenStore()) : null,
                clock);
        return new TradierAdapter("tradier", t.baseUrl(), t.accounts(), token, t.timeout());
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code accountId:keyId:secretKey,...}; a malformed entry fails startup naming its position, not its secret. */
    static Map<String, AlpacaAdapter.Credentials> alpacaAccounts(String text) {
        Map<String, AlpacaAdapter.Credentials> accounts = new HashMap<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String[] parts = entries[i].trim().split(":", 3);
            if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                throw new IllegalArgumentException("safety.router.alpaca.accounts entry " + (i + 1)
                        + " must be accountId:keyId:secretKey");
            }
            accounts.put(parts[0], new AlpacaAdapter.Credentials(parts[1], parts[2]));
        }
        return accounts;
    }

    /**
     * Keeps the in-process paper broker's books in {@code safety.router.paper.state-file} across restarts, when
     * that is set. Closed after the router has stopped (the router is a lifecycle bean), so the last fills are
     * saved.
     */
    @Bean
    AutoCloseable paperBooks(Brokers brokers, RouterProperties properties) throws IOException {
        String file = properties.paper().stateFile();
        if (brokers.inProcessPaper() == null || file == null || file.isBlank()) {
            return () -> { };
        }
        return PaperBookKeeper.start(brokers.inProcessPaper(), Path.of(file), Duration.ofSeconds(1));
    }

    @Bean
    RouterMetrics routerMetrics(MeterRegistry registry) {
        return new RouterMetrics(registry);
    }

    @Bean
    RouterService routerService(PlatformProperties platform, RouterProperties properties, Brokers brokers,
            SchemaRegistry registry, Clock clock, RouterMetrics metrics, ProvisionedContract provisioned) {
        return new RouterService(platform.kafka().bootstrapServers(), properties, brokers.inProcessPaper(),
                brokers.adapters(), registry, clock, metrics);
    }
}
