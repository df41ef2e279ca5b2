package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.rewards.TooManyAttempts;
import io.loyaltydesk.rewards.Vouchers;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Stores;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The counter page for store staff: type a voucher code, see what it is, redeem it. */
@Controller
class CounterConsole {

    private final Vouchers vouchers;
    private final Stores stores;
    private final MessageSource messages;

    CounterConsole(Vouchers vouchers, Stores stores, MessageSource messages) {
        this.vouchers = vouchers;
        this.stores = stores;
        this.messages = messages;
    }

    @GetMapping("/console/counter")
    @PreAuthorize(Access.STAFF_COUNTER)
    String page(Model model) {
        return page(model, null, null);
    }

    @PostMapping("/console/counter/validate")
    @PreAuthorize(Access.STAFF_COUNTER)
    String validate(@RequestParam(required = false) String code, @RequestParam(required = false) Long storeId,
            Model model) {
        try {
            model.addAttribute("check", vouchers.validate(code, storeId, null));
        } catch (CommandRefusedException e) {
            model.addAttribute("counterError", readable(e));
        } catch (TooManyAttempts e) {
            model.addAttribute("counterError", text("rewards.counter.tooMany"));
        }
        return page(model, code, storeId);
    }

    @PostMapping("/console/counter/redeem")
    @PreAuthorize(Access.STAFF_COUNTER)
    String redeem(@RequestParam(required = false) String code, @RequestParam(required = false) Long storeId,
            Model model) {
        try {
            var check = vouchers.redeem(code, storeId, null);
            model.addAttribute("check", check);
            model.addAttribute("redeemed", true);
            model.addAttribute("flash", text("rewards.counter.redeemed", check.code(), check.rewardName()));
        } catch (CommandRefusedException e) {
            model.addAttribute("counterError", readable(e));
        } catch (TooManyAttempts e) {
            model.addAttribute("counterError", text("rewards.counter.tooMany"));
        }
        return page(model, code, storeId);
    }

    private String page(Model model, String code, Long storeId) {
        model.addAttribute("code", code);
        model.addAttribute("storeId", storeId);
        model.addAttribute("stores", stores.all());
        return "rewards/counter";
    }

    private String readable(CommandRefusedException e) {
        return messages.getMessage("rewards.counter.refused." + e.type(), null, e.getMessage(),
                LocaleContextHolder.getLocale());
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
