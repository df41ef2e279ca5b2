package io.loyaltydesk.purchases;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event's serialised text does not depend on the order its categories were added in: the outbox finds a
 * redelivered event by that text, so a different order left it incomplete and delivered again every few minutes.
 */
class PurchaseRecordedTest {

    @Test
    void theSameEventSerialisesToTheSameTextWhateverTheOrderOfItsCategories() {
        var categories = List.of("WINE", "BAKERY", "COFFEE", "DAIRY", "FRUIT", "TEA", "CHEESE", "FLOWERS");
        var forwards = new LinkedHashMap<String, BigDecimal>();
        categories.forEach(c -> forwards.put(c, new BigDecimal("1.50")));
        var backwards = new LinkedHashMap<String, BigDecimal>();
        categories.reversed().forEach(c -> backwards.put(c, new BigDecimal("1.50")));
        var json = JsonMapper.builder().build();

        var one = json.writeValueAsString(event(forwards));
        var other = json.writeValueAsString(event(backwards));

        assertThat(one).isEqualTo(other);
        // in key order, not in an order that changes from one start of the server to the next
        var positions = categories.stream().sorted().map(c -> one.indexOf("\"" + c + "\"")).toList();
        assertThat(positions).isSorted().doesNotContain(-1);
        assertThat(json.writeValueAsString(json.readValue(one, PurchaseRecorded.class))).isEqualTo(one);
        assertThat(json.writeValueAsString(new PurchaseBatchRecorded(List.of(event(forwards), event(backwards)))))
                .isEqualTo(json.writeValueAsString(new PurchaseBatchRecorded(List.of(event(backwards), event(forwards)))));
    }

    private static PurchaseRecorded event(Map<String, BigDecimal> categories) {
        return new PurchaseRecorded(1, 2, Instant.parse("2026-11-23T10:00:00Z"), new BigDecimal("12.00"), "EUR", "S1",
                12, categories);
    }
}
