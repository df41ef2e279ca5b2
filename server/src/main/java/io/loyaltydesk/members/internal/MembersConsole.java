package io.loyaltydesk.members.internal;

import io.loyaltydesk.members.Channel;
import io.loyaltydesk.members.Enrollment;
import io.loyaltydesk.members.IdentifierKind;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.members.MemberChanges;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberSearch;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.web.FormErrors;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The members pages of the console: search, enroll, profile with identifiers, consents and audit trail. */
@Controller
@RequestMapping("/console/members")
class MembersConsole {

    private static final int PAGE_SIZE = 25;

    private final Members members;
    private final AuditTrail audit;
    private final Stores stores;
    private final JsonMapper json;

    MembersConsole(Members members, AuditTrail audit, Stores stores, JsonMapper json) {
        this.members = members;
        this.audit = audit;
        this.stores = stores;
        this.json = json;
    }

    /**
     * The enroll and edit form as the browser posts it. The consents are {@code Boolean}: a browser sends no
     * parameter at all for an unticked checkbox, which a primitive could not be bound from.
     */
    record MemberForm(String firstName, String lastName, String email, String phone, String birthDate,
            String locale, String externalId, String cardNumber, String homeStoreCode, Boolean consentEmail,
            Boolean consentSms, Boolean consentPush, String reason) {

        static MemberForm empty() {
            return new MemberForm(null, null, null, null, null, null, null, null, null, false, false, false, null);
        }

        static MemberForm of(Member m, String homeStoreCode) {
            return new MemberForm(m.firstName(), m.lastName(), m.email().orElse(null), m.phone().orElse(null),
                    m.birthDate() == null ? null : m.birthDate().toString(), m.locale(),
                    m.all(IdentifierKind.EXTERNAL_ID).stream().findFirst().orElse(null), null, homeStoreCode,
                    m.consented(Channel.EMAIL), m.consented(Channel.SMS), m.consented(Channel.PUSH), null);
        }

        Map<Channel, Boolean> consents() {
            var consents = new EnumMap<Channel, Boolean>(Channel.class);
            // an unticked checkbox sends nothing, which binds as null
            consents.put(Channel.EMAIL, Boolean.TRUE.equals(consentEmail));
            consents.put(Channel.SMS, Boolean.TRUE.equals(consentSms));
            consents.put(Channel.PUSH, Boolean.TRUE.equals(consentPush));
            return consents;
        }
    }

    @GetMapping
    @PreAuthorize(Access.STAFF_ANY)
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) MemberStatus status,
            @RequestParam(required = false) String cursor,
            @RequestHeader(name = "HX-Request", required = false) String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) String historyRestore, Model model) {
        try {
            model.addAttribute("page", members.search(new MemberSearch(null, null, null, null, q, status), cursor,
                    PAGE_SIZE));
        } catch (CommandRefusedException e) {
            model.addAttribute("page", null);
            model.addAttribute("searchError", e.getMessage());
        }
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("statuses", MemberStatus.values());
        model.addAttribute("total", members.count());
        // a history restore asks for the whole page, not the fragment the search box swaps in
        return htmx != null && historyRestore == null ? "members/list :: results" : "members/list";
    }

    @GetMapping("/new")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String newMember(Model model) {
        return form(model, MemberForm.empty(), null, FormErrors.none());
    }

    @PostMapping
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String enroll(@ModelAttribute MemberForm form, Model model, RedirectAttributes redirect) {
        try {
            var member = members.enroll(new Enrollment(form.firstName(), form.lastName(), form.email(), form.phone(),
                    form.birthDate(), form.locale(), form.externalId(), form.cardNumber(), form.homeStoreCode(), form.consents(),
                    "console", null));
            redirect.addFlashAttribute("flash", "Enrolled " + member.displayName() + " as member "
                    + member.memberNumber() + ".");
            return "redirect:/console/members/" + member.id();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, null, null);
        }
    }

    @GetMapping("/{id}")
    @PreAuthorize(Access.STAFF_ANY)
    String detail(@PathVariable long id, Model model) {
        var member = members.get(new MemberId(id));
        model.addAttribute("member", member);
        model.addAttribute("homeStore", member.homeStoreId() == null ? null
                : stores.byId(member.homeStoreId()).orElse(null));
        model.addAttribute("auditPage", audit.search(AuditQuery.forEntity("member", Long.toString(id)), null, 20));
        model.addAttribute("identifierKinds", IdentifierKind.values());
        return "members/detail";
    }

    @GetMapping("/{id}/edit")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String edit(@PathVariable long id, Model model) {
        var member = members.get(new MemberId(id));
        return form(model, MemberForm.of(member, homeStoreCode(member)), member, FormErrors.none());
    }

    @PostMapping("/{id}/edit")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String update(@PathVariable long id, @ModelAttribute MemberForm form, Model model, RedirectAttributes redirect) {
        var fields = new HashMap<String, Object>();
        fields.put("firstName", form.firstName());
        fields.put("lastName", form.lastName());
        fields.put("email", form.email());
        fields.put("phone", form.phone());
        fields.put("birthDate", form.birthDate());
        fields.put("locale", form.locale());
        fields.put("externalId", form.externalId());
        fields.put("homeStoreCode", form.homeStoreCode());
        var consents = new HashMap<String, Object>();
        form.consents().forEach((channel, granted) -> consents.put(channel.name(), granted));
        fields.put("consents", consents);
        try {
            members.update(new MemberId(id), new MemberChanges(fields, form.reason(), "console"));
            redirect.addFlashAttribute("flash", "Saved.");
            return "redirect:/console/members/" + id;
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, members.get(new MemberId(id)), null);
        }
    }

    @PostMapping("/{id}/status")
    @PreAuthorize(Access.STAFF_MEMBERS_MANAGE)
    String status(@PathVariable long id, @RequestParam MemberStatus status, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return act(id, redirect, "Status changed to " + status.name().toLowerCase(Locale.ROOT) + ".",
                () -> members.update(new MemberId(id),
                        new MemberChanges(Map.of("status", status.name()), reason, "console")));
    }

    @PostMapping("/{id}/identifiers")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String addIdentifier(@PathVariable long id, @RequestParam IdentifierKind kind, @RequestParam String value,
            @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(id, redirect, "Identifier added.",
                () -> members.addIdentifier(new MemberId(id), kind, value, reason));
    }

    @PostMapping("/{id}/identifiers/remove")
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String removeIdentifier(@PathVariable long id, @RequestParam IdentifierKind kind, @RequestParam String value,
            RedirectAttributes redirect) {
        return act(id, redirect, "Identifier removed.",
                () -> members.removeIdentifier(new MemberId(id), kind, value, "removed in the console"));
    }

    @PostMapping("/{id}/merge")
    @PreAuthorize(Access.STAFF_MEMBERS_MANAGE)
    String merge(@PathVariable long id, @RequestParam String duplicate, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        return act(id, redirect, "Member merged.", () -> {
            var other = members.findByNumber(duplicate)
                    .orElseThrow(() -> new CommandRefusedException.NotFound("Member number", duplicate));
            members.merge(new MemberId(id), other.id(), reason);
        });
    }

    @PostMapping("/{id}/erase")
    @PreAuthorize(Access.STAFF_MEMBERS_MANAGE)
    String erase(@PathVariable long id, @RequestParam(required = false) String reason, RedirectAttributes redirect) {
        return act(id, redirect, "Personal data erased.", () -> members.erase(new MemberId(id), reason));
    }

    @GetMapping("/{id}/export")
    @PreAuthorize(Access.STAFF_MEMBERS_MANAGE)
    ResponseEntity<String> export(@PathVariable long id) {
        var export = members.export(new MemberId(id));
        var body = json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(export);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"member-" + id + ".json\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    private String act(long id, RedirectAttributes redirect, String done, Runnable command) {
        try {
            command.run();
            redirect.addFlashAttribute("flash", done);
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e instanceof CommandRefusedException.InvalidInput invalid
                    ? invalid.problems().stream().map(p -> p.field() + " " + p.message()).reduce((a, b) -> a + "; " + b)
                            .orElse(e.getMessage())
                    : e.getMessage());
        }
        return "redirect:/console/members/" + id;
    }

    private String form(Model model, MemberForm form, Member member, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("member", member);
        model.addAttribute("stores", stores.all());
        if (errors != null) {
            model.addAttribute("errors", errors);
        }
        return "members/form";
    }

    private String homeStoreCode(Member member) {
        return member.homeStoreId() == null ? null
                : stores.byId(member.homeStoreId()).map(s -> s.code()).orElse(null);
    }
}
