package io.loyaltydesk.support.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** How the desk's action forms answer: back to the conversation, with what happened or why it could not. */
final class DeskRedirect {

    private DeskRedirect() {
    }

    /** Runs the command; its answer is the flash text. A refusal becomes the action error; an unknown id a 404. */
    static String toConversation(long conversationId, RedirectAttributes redirect, Supplier<String> command) {
        try {
            redirect.addFlashAttribute("flash", command.get());
        } catch (CommandRefusedException e) {
            if (e instanceof CommandRefusedException.NotFound) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
            }
            redirect.addFlashAttribute("actionError", e instanceof CommandRefusedException.InvalidInput invalid
                    ? String.join("; ", invalid.problems().stream().map(p -> p.field() + ": " + p.message()).toList())
                    : e.getMessage());
        }
        return "redirect:/desk/conversations/" + conversationId;
    }
}
