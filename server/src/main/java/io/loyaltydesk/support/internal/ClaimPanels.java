package io.loyaltydesk.support.internal;

import io.loyaltydesk.support.Claim;
import io.loyaltydesk.support.ClaimCandidate;
import io.loyaltydesk.support.MissingPointsClaims;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts the claim of the conversation the desk shows into the page (its receipt data and the unassigned purchases
 * that may be it), so that the desk's own controller need not know about claims.
 */
@ControllerAdvice(assignableTypes = Desk.class)
class ClaimPanels {

    /** A claim and the purchases the agent can attach to it. */
    record ClaimPanel(Claim claim, List<ClaimCandidate> candidates) {
    }

    private final MissingPointsClaims claims;

    ClaimPanels(MissingPointsClaims claims) {
        this.claims = claims;
    }

    @ModelAttribute("claimPanel")
    ClaimPanel claimPanel(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())
                || !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars)
                || !(vars.get("id") instanceof String id) || !id.matches("\\d{1,18}")) {
            return null;
        }
        return claims.find(Long.parseLong(id)).map(c -> new ClaimPanel(c, claims.candidates(c))).orElse(null);
    }
}
