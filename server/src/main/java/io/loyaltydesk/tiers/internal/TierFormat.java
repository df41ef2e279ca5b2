package io.loyaltydesk.tiers.internal;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Locale;

/** Numbers on the tier pages in the reader's locale: whole numbers stay whole, money shows its cents. */
public record TierFormat(Locale locale) {

    public String number(BigDecimal value) {
        if (value == null) {
            return "—";
        }
        var format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(value.stripTrailingZeros().scale() > 0 ? 2 : 0);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }
}
