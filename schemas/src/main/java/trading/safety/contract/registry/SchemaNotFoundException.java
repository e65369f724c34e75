package trading.safety.contract.registry;

/** The registry answered that it has no schema with the requested id. */
public class SchemaNotFoundException extends SchemaRegistryException {

    private final int schemaId;

    public SchemaNotFoundException(int schemaId) {
        super("schema id " + schemaId + " is not known to the registry", 404);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
