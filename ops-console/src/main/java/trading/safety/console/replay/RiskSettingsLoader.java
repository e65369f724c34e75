package trading.safety.console.replay;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import trading.safety.risk.app.RiskStreamsRunner;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.risk.topology.RiskTopology;

/**
 * The thresholds an audit replay decides with: risk-stream's own {@code safety.risk.*} defaults (its
 * {@code risk-stream.yml}, on the console's classpath with risk-stream's jar), under whatever the console's
 * environment sets for {@code safety.risk.*}. Placeholders such as {@code ${SAFETY_RISK_REPLAY_WINDOW:24h}}
 * resolve against the console's environment, so a console deployed with risk-stream's environment variables
 * decides with the same numbers. Binding validates, like the service's own startup.
 */
public final class RiskSettingsLoader {

    /** risk-stream's configuration file, as its jar carries it. */
    public static final String RISK_STREAM_CONFIG = "risk-stream.yml";

    private static final String PREFIX = "safety.risk";

    private RiskSettingsLoader() {
    }

    /** The topology's settings for a replay: the bound thresholds, in-memory stores and no metrics. */
    public static RiskTopology.Settings settings(ConfigurableEnvironment environment) {
        return RiskStreamsRunner.settings(properties(environment), RiskMetrics.NONE).inMemory();
    }

    /** risk-stream's properties with the environment's {@code safety.risk.*} taking precedence. */
    public static RiskProperties properties(ConfigurableEnvironment environment) {
        List<PropertySource<?>> sources = new ArrayList<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            // The attached view repeats every other source under canonical names; binding needs only the originals.
            if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                sources.add(source);
            }
        }
        sources.addAll(riskStreamDefaults());
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                    new PropertySourcesPlaceholdersResolver(sources));
            return binder.bind(PREFIX, Bindable.of(RiskProperties.class),
                    new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator())))
                    .orElseThrow(() -> new IllegalStateException("no " + PREFIX + " properties: is "
                            + RISK_STREAM_CONFIG + " (risk-stream's jar) on the classpath?"));
        }
    }

    private static List<PropertySource<?>> riskStreamDefaults() {
        ClassPathResource file = new ClassPathResource(RISK_STREAM_CONFIG);
        if (!file.exists()) {
            throw new IllegalStateException(RISK_STREAM_CONFIG + " is not on the classpath: the replay needs "
                    + "risk-stream's jar to decide with its defaults");
        }
        try {
            return new YamlPropertySourceLoader().load("risk-stream defaults (" + RISK_STREAM_CONFIG + ")", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RISK_STREAM_CONFIG, e);
        }
    }
}
