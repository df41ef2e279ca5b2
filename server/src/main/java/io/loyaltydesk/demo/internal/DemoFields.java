package io.loyaltydesk.demo.internal;

import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationField;
import io.loyaltydesk.support.ConversationFields;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.MissingPointsClaims;
import io.loyaltydesk.support.QueueView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The demo desk's custom conversation fields: a contact reason (needed to solve), an order number, whether a refund
 * was approved and the day of the store visit; the demo queue's conversations get the contact reason their subject
 * or claim shows. Seeded last, after every demo conversation that is solved was solved.
 */
@Component
class DemoFields {

    static final String MARKER = "contact_reason";

    /** Subject words and the contact reason they mean, tried in this order. */
    private static final Map<String, String> REASONS = new LinkedHashMap<>();

    static {
        REASONS.put("points missing", "Missing points");
        REASONS.put("voucher", "Voucher");
        REASONS.put("card", "Card");
        REASONS.put("expire", "Points expiry");
        REASONS.put("birthday", "Account");
        REASONS.put("gold", "Tiers");
    }

    private final ConversationFields fields;
    private final Conversations conversations;
    private final MissingPointsClaims claims;

    DemoFields(ConversationFields fields, Conversations conversations, MissingPointsClaims claims) {
        this.fields = fields;
        this.conversations = conversations;
        this.claims = claims;
    }

    boolean seeded() {
        return fields.findByKey(MARKER).isPresent();
    }

    /** @return how many conversations got a contact reason */
    int seed() {
        var options = List.of("Missing points", "Voucher", "Card", "Points expiry", "Tiers", "Account", "Other");
        fields.save(null, new ConversationFields.Definition(MARKER, "Contact reason", "Kontaktgrund",
                ConversationField.Type.DROPDOWN, options, true, true, 10));
        fields.save(null, new ConversationFields.Definition("order_number", "Order number", "Bestellnummer",
                ConversationField.Type.TEXT, List.of(), false, true, 20));
        fields.save(null, new ConversationFields.Definition("refund_approved", "Refund approved",
                "Erstattung genehmigt", ConversationField.Type.CHECKBOX, List.of(), false, true, 30));
        fields.save(null, new ConversationFields.Definition("visit_date", "Store visit", "Filialbesuch",
                ConversationField.Type.DATE, List.of(), false, true, 40));
        var queue = conversations.queue(QueueView.ALL, null, null, 100).items();
        var claimed = claims.of(queue.stream().map(c -> c.id()).toList());
        int given = 0;
        for (var conversation : queue) {
            if (conversation.status() == Conversation.Status.MERGED) {
                continue; // terminal: its thread lives on in the conversation it went into
            }
            var subject = conversation.subject().toLowerCase(Locale.ROOT);
            var reason = claimed.containsKey(conversation.id()) ? "Missing points"
                    : REASONS.entrySet().stream().filter(e -> subject.contains(e.getKey())).map(Map.Entry::getValue)
                            .findFirst().orElse(null);
            if (reason == null) {
                continue;
            }
            var values = new LinkedHashMap<String, Object>();
            values.put(MARKER, reason);
            var claim = claimed.get(conversation.id());
            if (claim != null) {
                values.put("visit_date", claim.purchasedOn().toString());
            }
            fields.set(conversation.id(), values);
            given++;
        }
        return given;
    }
}
