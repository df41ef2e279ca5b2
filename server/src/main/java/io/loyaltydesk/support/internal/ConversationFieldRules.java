package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.ConversationChanged;
import io.loyaltydesk.support.ConversationFields;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * What custom fields add to a conversation's life: a conversation leaving the active statuses (solved or closed by
 * anyone: the desk, the API, a macro, an attached claim) is refused while a field required on solve has no value;
 * an erased member's conversations lose their free-text values.
 *
 * <p>The refusal is thrown from the listener of {@link ConversationChanged}, which runs inside the command's
 * transaction: the status change, its system line and audit entry are rolled back with it, and the caller gets the
 * {@link CommandRefusedException.RuleViolated} (422 on the API, the message on the desk). It runs before the other
 * listeners, so none of them acts on a change that will not happen (ADR 0017).
 */
@Component
class ConversationFieldRules {

    static final String REQUIRED = "fields-required";

    private final ConversationFields fields;
    private final MessageSource messages;

    ConversationFieldRules(ConversationFields fields, MessageSource messages) {
        this.fields = fields;
        this.messages = messages;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ConversationChanged changed) {
        if (!changed.before().status().active() || changed.after().status().active()
                || changed.after().status() == Conversation.Status.MERGED) {
            // a merged conversation is not solved: it lives on in the one it was merged into (ADR 0020)
            return;
        }
        var missing = fields.missingForSolve(changed.after().id());
        if (!missing.isEmpty()) {
            var locale = LocaleContextHolder.getLocale();
            var names = missing.stream().map(f -> f.label(locale)).collect(Collectors.joining(", "));
            throw new CommandRefusedException.RuleViolated(REQUIRED, messages.getMessage("fields.required.solve",
                    new Object[] {names}, "Fill in " + names + " before solving", locale));
        }
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        fields.eraseTexts(erased.memberId().value());
    }
}
