package trading.safety.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import trading.safety.contract.registry.Compatibility;

/**
 * Where a service finds Kafka and the schema registry, and how it provisions topics. Bound from
 * {@code safety.*}; a service refuses to start, naming every bad field, when any is invalid.
 */
@Validated
@ConfigurationProperties("safety")
public record PlatformProperties(@NotBlank String serviceName, @NotNull @Valid Kafka kafka,
        @NotNull @Valid Registry registry) {

    /**
     * @param bootstrapServers comma-separated host:port list
     * @param replicationFactor replicas of topics this service creates
     * @param minInsyncReplicas {@code min.insync.replicas} of topics this service creates
     * @param adminTimeout bound on each admin call during provisioning
     */
    public record Kafka(
            @NotBlank @Pattern(regexp = "[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*", message = "must be host:port[,host:port...]")
            String bootstrapServers,
            @Min(1) @Max(32767) int replicationFactor,
            @Min(1) int minInsyncReplicas,
            @NotNull Duration adminTimeout) {
    }

    /**
     * @param url root of the Confluent Schema Registry API
     * @param requestTimeout bound on each registry call
     * @param compatibility level set on every subject this service provisions
     */
    public record Registry(
            @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url,
            @NotNull Duration requestTimeout,
            @NotNull Compatibility compatibility) {
    }
}
