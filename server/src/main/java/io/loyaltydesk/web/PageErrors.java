package io.loyaltydesk.web;

import io.loyaltydesk.platform.CommandRefusedException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refused command that a page did not handle itself (a member that does not exist, a rule that forbids
 * the action) becomes a readable page with the right status, never a stack trace.
 */
@ControllerAdvice(annotations = Controller.class)
class PageErrors {

    @ExceptionHandler(CommandRefusedException.class)
    String refused(CommandRefusedException e, HttpServletResponse response, Model model) {
        var status = HttpStatus.valueOf(Problems.of(e).getStatus());
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("message", e.getMessage());
        return "error";
    }
}
