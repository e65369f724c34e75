package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Scales an entry's quantity by a sizing factor, rounded down to whole lots (never up: risk only shrinks). */
public final class Sizing {

    private Sizing() {
    }

    /** The sized quantity; zero when less than one lot remains (the caller rejects it). */
    public static BigDecimal apply(BigDecimal quantity, BigDecimal factor, BigDecimal lotSize) {
        if (lotSize.signum() <= 0) {
            throw new IllegalArgumentException("lot size must be positive: " + lotSize);
        }
        BigDecimal lots = quantity.multiply(factor).divide(lotSize, 0, RoundingMode.DOWN);
        return lots.multiply(lotSize).setScale(Math.max(quantity.scale(), lotSize.scale()), RoundingMode.UNNECESSARY);
    }
}
