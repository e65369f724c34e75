package trading.safety.contract.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro refuses to instantiate classes outside a trusted list. This adds the contract's
 * generated package to whatever the process already trusts, once, before any serde is used.
 */
final class TrustedAvroPackages {

    static final String CONTRACT_PACKAGE = "trading.safety.v1.";

    private static volatile boolean installed;

    private TrustedAvroPackages() {
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (TrustedAvroPackages.class) {
            if (!installed) {
                ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                        previous, type -> type.getName().startsWith(CONTRACT_PACKAGE)));
                installed = true;
            }
        }
    }
}
