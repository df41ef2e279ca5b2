package io.loyaltydesk.purchases.internal;

import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.rules.Basket;
import io.loyaltydesk.rules.MemberFacts;
import io.loyaltydesk.rules.PastPurchases;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Past purchases for the rules' simulations, with each member's facts as they were at the purchase
 * (earlier purchases counted then; caps usage is not replayed, so capped rules simulate uncapped).
 */
@Component
class PurchaseHistory implements PastPurchases {

    private final PurchaseStore store;
    private final Members members;
    private final JsonMapper json;

    PurchaseHistory(PurchaseStore store, Members members, JsonMapper json) {
        this.store = store;
        this.members = members;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public void forEachBetween(Instant from, Instant to, Consumer<PastPurchase> each) {
        var known = new HashMap<Long, Optional<Member>>();
        store.forEachAssigned(from, to, row -> {
            var p = row.purchase();
            var member = known.computeIfAbsent(p.memberId(), id -> members.find(new MemberId(id)));
            var facts = new MemberFacts(p.memberId(), null, row.purchasesBefore(),
                    member.map(Member::birthDate).orElse(null),
                    member.map(m -> LocalDate.ofInstant(m.createdAt(), ZoneOffset.UTC)).orElse(null), Map.of());
            var lines = json.readValue(p.linesJson(), new TypeReference<List<Basket.Line>>() {
            });
            each.accept(new PastPurchase(new Basket(p.externalId(), p.storeCode(), p.channel(), p.occurredAt(),
                    p.currency(), p.totalAmount(), lines), facts, p.pointsEarned()));
        });
    }
}
