package io.loyaltydesk.staff.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The staff login form; Spring Security handles the POST. */
@Controller
class LoginPage {

    @GetMapping("/console/login")
    String login() {
        return "staff/login";
    }
}
