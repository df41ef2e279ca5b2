package io.loyaltydesk.support.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/** Gives the desk's conversation page the mails of its thread ({@code emails}, by message id), without Desk knowing. */
@ControllerAdvice(assignableTypes = Desk.class)
class DeskMailThread {

    private final DeskMail mail;

    DeskMailThread(DeskMail mail) {
        this.mail = mail;
    }

    @ModelAttribute("emails")
    Map<Long, DeskMail.Email> emails(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())
                || !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars)
                || !(vars.get("id") instanceof String id) || !id.matches("\\d{1,18}")) {
            return Map.of();
        }
        return mail.ofConversation(Long.parseLong(id));
    }
}
