package trading.safety.contract.serde;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The contract's one decimal shape: every money, price, quantity and ratio field is an Avro
 * decimal of precision 28 and scale 8. Avro refuses a BigDecimal of any other scale, so values
 * pass through {@link #of} before they enter a record.
 */
public final class Decimals {

    public static final int PRECISION = 28;
    public static final int SCALE = 8;
    /** Context for intermediate arithmetic: more digits than the wire carries, half-even. */
    public static final MathContext MATH = new MathContext(34, RoundingMode.HALF_EVEN);

    private Decimals() {
    }

    /** Rescales to the contract's scale with banker's rounding; rejects values too large to carry. */
    public static BigDecimal of(BigDecimal value) {
        BigDecimal scaled = value.setScale(SCALE, RoundingMode.HALF_EVEN);
        if (scaled.precision() > PRECISION) {
            throw new ArithmeticException("decimal " + value.toPlainString() + " exceeds precision " + PRECISION);
        }
        return scaled;
    }

    public static BigDecimal of(String value) {
        return of(new BigDecimal(value));
    }

    public static BigDecimal of(long value) {
        return of(BigDecimal.valueOf(value));
    }
}
