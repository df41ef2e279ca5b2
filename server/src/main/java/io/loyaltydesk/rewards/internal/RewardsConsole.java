package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.KeysetPage;
import io.loyaltydesk.rewards.Redemption;
import io.loyaltydesk.rewards.RedemptionSearch;
import io.loyaltydesk.rewards.Redemptions;
import io.loyaltydesk.rewards.Reward;
import io.loyaltydesk.rewards.RewardCatalog;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.Store;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.web.FormErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The rewards pages: catalog list, editor with image upload, detail with stock and code pool, redemptions. */
@Controller
class RewardsConsole {

    private static final int PAGE_SIZE = 25;

    private final RewardCatalog catalog;
    private final Redemptions redemptions;
    private final Members members;
    private final Stores stores;
    private final MessageSource messages;

    RewardsConsole(RewardCatalog catalog, Redemptions redemptions, Members members, Stores stores,
            MessageSource messages) {
        this.catalog = catalog;
        this.redemptions = redemptions;
        this.members = members;
        this.stores = stores;
        this.messages = messages;
    }

    @GetMapping("/console/rewards")
    @PreAuthorize(Access.STAFF_ANY)
    String list(@RequestParam(required = false) Reward.Status status, Model model) {
        var rewards = catalog.all(status, false, null, false);
        model.addAttribute("rewards", rewards);
        model.addAttribute("lowPools", rewards.stream().filter(Reward::lowPool).toList());
        model.addAttribute("status", status);
        model.addAttribute("statuses", Reward.Status.values());
        return "rewards/list";
    }

    @GetMapping("/console/rewards/new")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String newReward(Model model) {
        model.addAttribute("errors", FormErrors.none());
        return form(model, RewardForm.empty(), null);
    }

    @PostMapping("/console/rewards")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String create(@ModelAttribute RewardForm form, @RequestParam(required = false) MultipartFile image, Model model,
            RedirectAttributes redirect) throws IOException {
        try {
            var reward = catalog.create(form.toDefinition());
            if (image != null && !image.isEmpty()) {
                catalog.setImage(reward.id(), image.getBytes());
            }
            redirect.addFlashAttribute("flash", text("rewards.created", reward.name()));
            return "redirect:/console/rewards/" + reward.id();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, null);
        }
    }

    @GetMapping("/console/rewards/{id}")
    @PreAuthorize(Access.STAFF_ANY)
    String detail(@PathVariable long id, Model model) {
        var reward = catalog.get(id);
        model.addAttribute("reward", reward);
        model.addAttribute("poolLeft", reward.codeSource() == Reward.CodeSource.POOL ? catalog.poolLeft(id) : null);
        model.addAttribute("storeCodes", storeCodes(reward));
        model.addAttribute("recent", redemptions.search(new RedemptionSearch(null, id, null), null, 10).items());
        return "rewards/detail";
    }

    @GetMapping("/console/rewards/{id}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String edit(@PathVariable long id, Model model) {
        var reward = catalog.get(id);
        model.addAttribute("errors", FormErrors.none());
        return form(model, RewardForm.of(reward, storeCodes(reward)), reward);
    }

    @PostMapping("/console/rewards/{id}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String update(@PathVariable long id, @ModelAttribute RewardForm form,
            @RequestParam(required = false) MultipartFile image, Model model, RedirectAttributes redirect)
            throws IOException {
        try {
            var reward = catalog.update(id, form.toDefinition(), form.reason());
            if (image != null && !image.isEmpty()) {
                catalog.setImage(id, image.getBytes());
            }
            redirect.addFlashAttribute("flash", text("rewards.saved", reward.name()));
            return "redirect:/console/rewards/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, catalog.get(id));
        }
    }

    @PostMapping("/console/rewards/{id}/stock")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String stock(@PathVariable long id, @RequestParam(required = false) String add,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        try {
            int delta;
            try {
                delta = Integer.parseInt(add == null ? "" : add.strip());
            } catch (NumberFormatException e) {
                throw new CommandRefusedException.InvalidInput("add", text("rewards.stock.notANumber"));
            }
            var reward = catalog.addStock(id, delta, reason);
            redirect.addFlashAttribute("flash", text("rewards.stock.changed", reward.stockLeft()));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/rewards/" + id;
    }

    @PostMapping("/console/rewards/{id}/codes")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String importCodes(@PathVariable long id, @RequestParam(required = false) MultipartFile file,
            RedirectAttributes redirect) throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new CommandRefusedException.InvalidInput("file", text("rewards.codes.chooseFile"));
            }
            var result = catalog.importCodes(id, new String(file.getBytes(), StandardCharsets.UTF_8));
            redirect.addFlashAttribute("flash", text("rewards.codes.imported", result.imported(), result.duplicates(),
                    result.invalid().size(), result.poolLeft()));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/rewards/" + id;
    }

    @GetMapping("/console/redemptions")
    @PreAuthorize(Access.STAFF_ANY)
    String redemptionList(@RequestParam(required = false) Redemption.Status status,
            @RequestParam(required = false) Long rewardId, @RequestParam(required = false) String member,
            @RequestParam(required = false) String cursor, Model model) {
        Long memberId = null;
        if (member != null && !member.isBlank()) {
            var found = members.findByNumber(member.strip());
            if (found.isEmpty() && member.strip().matches("\\d{1,18}")) {
                found = members.find(new MemberId(Long.parseLong(member.strip())));
            }
            memberId = found.map(m -> m.id().value()).orElse(-1L);
        }
        model.addAttribute("page", redemptions.search(new RedemptionSearch(status, rewardId, memberId), cursor,
                PAGE_SIZE));
        model.addAttribute("status", status);
        model.addAttribute("rewardId", rewardId);
        model.addAttribute("member", member);
        model.addAttribute("cursor", cursor);
        model.addAttribute("statuses", Redemption.Status.values());
        model.addAttribute("rewards", catalog.all(null, false, null, false));
        return "rewards/redemptions";
    }

    @PostMapping("/console/redemptions/{id}/cancel")
    @PreAuthorize(Access.STAFF_POINTS_ADJUST)
    String cancel(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        try {
            redemptions.cancel(id, reason);
            redirect.addFlashAttribute("flash", text("rewards.redemptions.cancelled", id));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/redemptions";
    }

    @PostMapping("/console/redemptions/{id}/fulfillment")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String fulfill(@PathVariable long id, @RequestParam Redemption.Status status,
            @RequestParam(required = false) String tracking, RedirectAttributes redirect) {
        try {
            redemptions.fulfill(id, status, tracking);
            redirect.addFlashAttribute("flash", text("rewards.redemptions.moved", id,
                    text("rewards.redemption.status." + status)));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/redemptions?status=" + status;
    }

    private String form(Model model, RewardForm form, Reward reward) {
        model.addAttribute("form", form);
        model.addAttribute("reward", reward);
        model.addAttribute("kinds", Reward.Kind.values());
        model.addAttribute("bands", Reward.ValueBand.values());
        model.addAttribute("visibilities", Reward.Visibility.values());
        model.addAttribute("statuses", Reward.Status.values());
        model.addAttribute("codeSources", Reward.CodeSource.values());
        return "rewards/form";
    }

    private String storeCodes(Reward reward) {
        return reward.storeIds().stream().map(stores::byId).flatMap(java.util.Optional::stream).map(Store::code)
                .collect(Collectors.joining(", "));
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
