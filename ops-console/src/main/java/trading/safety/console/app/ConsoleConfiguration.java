package trading.safety.console.app;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import trading.safety.console.api.StatusSources;
import trading.safety.console.auth.ApiGuard;
import trading.safety.console.auth.RoleCheck;
import trading.safety.console.auth.SecurityHeaders;
import trading.safety.console.auth.TokenAuthenticator;
import trading.safety.console.config.ConsoleProperties;
import trading.safety.console.control.ControlCommands;
import trading.safety.console.control.ControlWriter;
import trading.safety.console.lag.ConsumerLagMonitor;
import trading.safety.console.lag.LagPolicy;
import trading.safety.console.replay.AuditReplay;
import trading.safety.console.replay.RiskSettingsLoader;
import trading.safety.console.view.ConsoleViews;
import trading.safety.console.view.TopicRangeReader;
import trading.safety.console.view.ViewsHealth;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.RiskLimits;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ProvisionedContract;

/** The console's parts: the guard in front of the API, the control writer, and the views it reads from. */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration implements WebMvcConfigurer {

    @Bean
    TokenAuthenticator tokenAuthenticator(ConsoleProperties properties) {
        ConsoleProperties.Tokens tokens = properties.tokens();
        return new TokenAuthenticator(tokens.admin(), tokens.operator(), tokens.viewer());
    }

    @Bean
    FilterRegistrationBean<ApiGuard> apiGuard(TokenAuthenticator authenticator, ConsoleProperties properties) {
        FilterRegistrationBean<ApiGuard> registration = new FilterRegistrationBean<>(new ApiGuard(authenticator,
                properties.maxBodySize().toBytes()));
        registration.setUrlPatterns(List.of("/api/*", "/actuator/*"));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SecurityHeaders> securityHeaders() {
        FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(new SecurityHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RoleCheck()).addPathPatterns("/api/**");
    }

    /** Needs the contract in place (topics exist, schemas registered) before its producer starts. */
    @Bean(destroyMethod = "close")
    ControlWriter controlWriter(PlatformProperties platform, SchemaRegistry registry, ConsoleProperties properties,
            ProvisionedContract contract) {
        return new ControlWriter(platform.kafka().bootstrapServers(), platform.serviceName(), registry,
                properties.writeTimeout());
    }

    @Bean(destroyMethod = "close")
    ConsoleViews consoleViews(PlatformProperties platform, SchemaRegistry registry, ConsoleProperties properties,
            Clock clock, ProvisionedContract contract) {
        ConsoleProperties.Views views = properties.views();
        return new ConsoleViews(platform.kafka().bootstrapServers(), platform.serviceName(), registry, clock,
                views.lookback(), views.recent(), views.history()).start();
    }

    @Bean
    ViewsHealth consoleViewsHealth(ConsoleViews views, Clock clock) {
        return new ViewsHealth(views, clock, Duration.ofSeconds(30));
    }

    @Bean
    TopicRangeReader topicRangeReader(PlatformProperties platform, SchemaRegistry registry,
            ConsoleProperties properties) {
        return new TopicRangeReader(platform.kafka().bootstrapServers(), platform.serviceName(), registry,
                properties.views().maxRangeRecords());
    }

    @Bean(destroyMethod = "close")
    Admin lagAdmin(PlatformProperties platform, ConsoleProperties properties) {
        int timeoutMs = (int) properties.lag().adminTimeout().toMillis();
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, platform.serviceName() + "-lag",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs));
    }

    /** Alerts go out in the control writer's transactions, keyed by alert type like every service's. */
    @Bean
    ConsumerLagMonitor consumerLagMonitor(Admin lagAdmin, ConsoleProperties properties, Clock clock,
            MeterRegistry meters, ControlWriter writer) {
        ConsoleProperties.Lag lag = properties.lag();
        return new ConsumerLagMonitor(lagAdmin, new LagPolicy(lag.threshold(), lag.groups(), lag.sustain()),
                lag.adminTimeout(), clock, meters, alert -> writer.write(List.of(
                        new ControlWriter.Write<>(Topics.ALERTS, alert.getType(), alert))));
    }

    /** Checks lag at a fixed delay on its own thread; a check never throws. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService lagChecks(ConsumerLagMonitor monitor, ConsoleProperties properties) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ops-console-lag");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.lag().interval().toMillis();
        executor.scheduleWithFixedDelay(monitor::check, 0, interval, TimeUnit.MILLISECONDS);
        return executor;
    }

    @Bean
    StatusSources statusSources(ConsumerLagMonitor monitor) {
        return monitor::report;
    }

    /** risk-stream's topology with its own settings, under any {@code safety.risk.*} set for the console. */
    @Bean
    AuditReplay auditReplay(PlatformProperties platform, SchemaRegistry registry, ConsoleProperties properties,
            ConfigurableEnvironment environment) {
        return new AuditReplay(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, platform.serviceName() + "-replay"), registry,
                RiskSettingsLoader.settings(environment), properties.replay().limits());
    }

    /** The limits risk-stream applies where no {@code limits/{accountId}} record overrides them. */
    @Bean
    RiskLimits configuredRiskLimits(ConfigurableEnvironment environment) {
        return RiskSettingsLoader.properties(environment).limits();
    }

    @Bean
    ControlCommands controlCommands(ControlWriter writer, ConsoleViews views, Clock clock) {
        return new ControlCommands(writer, views, clock);
    }
}
