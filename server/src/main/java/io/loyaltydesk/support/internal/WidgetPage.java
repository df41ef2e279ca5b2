package io.loyaltydesk.support.internal;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/** The chat widget's page, shown in the iframe the embed script puts on other sites (or opened on its own). */
@Controller
class WidgetPage {

    private final WidgetProperties properties;

    WidgetPage(WidgetProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/support/widget/chat")
    String chat() {
        if (!properties.enabled()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "support/widget";
    }
}
