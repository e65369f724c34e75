package trading.safety.console.app;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import trading.safety.console.auth.ApiGuard;
import trading.safety.console.auth.RoleCheck;
import trading.safety.console.auth.TokenAuthenticator;
import trading.safety.console.config.ConsoleProperties;
import trading.safety.console.control.ControlCommands;
import trading.safety.console.control.ControlWriter;
import trading.safety.console.view.ConsoleViews;
import trading.safety.console.view.TopicRangeReader;
import trading.safety.contract.registry.SchemaRegistry;
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
                properties.maxBodySize().toBytes(), properties.allowedOrigins()));
        registration.setUrlPatterns(List.of("/api/*", "/actuator/*"));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
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
    TopicRangeReader topicRangeReader(PlatformProperties platform, SchemaRegistry registry,
            ConsoleProperties properties) {
        return new TopicRangeReader(platform.kafka().bootstrapServers(), platform.serviceName(), registry,
                properties.views().maxRangeRecords());
    }

    @Bean
    ControlCommands controlCommands(ControlWriter writer, ConsoleViews views, Clock clock) {
        return new ControlCommands(writer, views, clock);
    }
}
