package trading.safety.service;

import java.util.List;
import java.util.Map;

/**
 * Proof that the service's topics and value schemas match the catalog. Beans that use Kafka
 * depend on it, so nothing reads or writes before provisioning succeeded.
 *
 * @param createdTopics topics this start created
 * @param schemaIds subject to registered schema id
 */
public record ProvisionedContract(List<String> createdTopics, Map<String, Integer> schemaIds) {
}
