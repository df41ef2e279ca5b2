package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.support.MissingPointsClaims;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The desk's one-click answer to a missing-points claim: attach the matching unassigned purchase. */
@Controller
class ClaimDesk {

    private final MissingPointsClaims claims;
    private final MessageSource messages;

    ClaimDesk(MissingPointsClaims claims, MessageSource messages) {
        this.claims = claims;
        this.messages = messages;
    }

    @PostMapping("/desk/conversations/{id}/claim/attach")
    @PreAuthorize(Access.STAFF_DESK)
    String attach(@PathVariable long id, @RequestParam(required = false) Long purchaseId,
            RedirectAttributes redirect) {
        try {
            if (purchaseId == null) {
                throw new CommandRefusedException.InvalidInput("purchaseId", "pick the purchase to attach");
            }
            var claim = claims.attach(id, purchaseId);
            redirect.addFlashAttribute("flash", text("support.claim.flash.attached", claim.pointsEarned()));
        } catch (CommandRefusedException.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", readable(e));
        }
        return "redirect:/desk/conversations/" + id;
    }

    private String readable(CommandRefusedException e) {
        if (e instanceof CommandRefusedException.InvalidInput invalid) {
            return invalid.problems().stream().map(FieldProblem::message).reduce((a, b) -> a + "; " + b)
                    .orElse(e.getMessage());
        }
        return messages.getMessage("support.refused." + e.type(), null, e.getMessage(),
                LocaleContextHolder.getLocale());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
