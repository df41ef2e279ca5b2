package io.loyaltydesk.segments.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.segments.Segment;
import io.loyaltydesk.segments.SegmentDefinition;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.web.FormErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The segment pages: the list with member counts, the editor, and a segment's members with add, remove and CSV. */
@Controller
class SegmentsConsole {

    /** Mirrors {@link Access#STAFF_PROGRAM} for what a page offers. */
    private static final Set<String> EDITORS = Set.of("ROLE_ADMIN", "ROLE_PROGRAM_MANAGER");
    private static final int PAGE_SIZE = 50;
    private static final int UNKNOWN_SHOWN = 20;

    private final Segments segments;
    private final Members members;
    private final MessageSource messages;

    SegmentsConsole(Segments segments, Members members, MessageSource messages) {
        this.segments = segments;
        this.members = members;
        this.messages = messages;
    }

    record SegmentForm(String code, String name, String description, String reason) {

        static SegmentForm empty() {
            return new SegmentForm(null, null, null, null);
        }

        static SegmentForm of(Segment s) {
            return new SegmentForm(s.code(), s.name(), s.description(), null);
        }
    }

    /** A member row of the segment page. */
    record Row(long memberId, String memberNumber, String name, String addedBy, Instant addedAt) {
    }

    @GetMapping("/console/segments")
    @PreAuthorize(Access.STAFF_ANY)
    String list(Model model, Authentication authentication) {
        model.addAttribute("segments", segments.all());
        model.addAttribute("canEdit", has(authentication));
        return "segments/list";
    }

    @GetMapping("/console/segments/new")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String newSegment(Model model) {
        model.addAttribute("errors", FormErrors.none());
        return form(model, SegmentForm.empty(), null);
    }

    @PostMapping("/console/segments")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String create(@ModelAttribute SegmentForm form, Model model, RedirectAttributes redirect) {
        try {
            var segment = segments.create(new SegmentDefinition(form.code(), form.name(), form.description()));
            redirect.addFlashAttribute("flash", text("segments.created", segment.name()));
            return "redirect:/console/segments/" + segment.code();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, null);
        }
    }

    @GetMapping("/console/segments/{code}")
    @PreAuthorize(Access.STAFF_ANY)
    String detail(@PathVariable String code, @RequestParam(required = false) String cursor, Model model,
            Authentication authentication) {
        var segment = segments.get(code);
        var page = segments.members(code, cursor, PAGE_SIZE).map(m -> {
            var member = members.find(new MemberId(m.memberId()));
            return new Row(m.memberId(), member.map(x -> x.memberNumber()).orElse(null),
                    member.map(x -> x.displayName()).orElse(null), m.addedBy(), m.addedAt());
        });
        model.addAttribute("segment", segment);
        model.addAttribute("page", page);
        model.addAttribute("cursor", cursor);
        model.addAttribute("canEdit", has(authentication));
        return "segments/detail";
    }

    @GetMapping("/console/segments/{code}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String edit(@PathVariable String code, Model model) {
        var segment = segments.get(code);
        model.addAttribute("errors", FormErrors.none());
        return form(model, SegmentForm.of(segment), segment);
    }

    @PostMapping("/console/segments/{code}/edit")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String update(@PathVariable String code, @ModelAttribute SegmentForm form, Model model,
            RedirectAttributes redirect) {
        var existing = segments.get(code);
        try {
            var segment = segments.update(code, new SegmentDefinition(code, form.name(), form.description()),
                    form.reason());
            redirect.addFlashAttribute("flash", text("segments.saved", segment.name()));
            return "redirect:/console/segments/" + segment.code();
        } catch (CommandRefusedException e) {
            FormErrors.addTo(model, e);
            return form(model, form, existing);
        }
    }

    @PostMapping("/console/segments/{code}/members")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String add(@PathVariable String code, @RequestParam(required = false) String member,
            RedirectAttributes redirect) {
        var segment = segments.get(code);
        try {
            var added = segments.addMember(code, member, null);
            redirect.addFlashAttribute("flash", text("segments.member.added", added.memberNumber(), segment.name()));
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e instanceof CommandRefusedException.InvalidInput
                    ? text("segments.member.unknown", member == null ? "" : member.strip()) : e.getMessage());
        }
        return "redirect:/console/segments/" + segment.code();
    }

    @PostMapping("/console/segments/{code}/members/{memberId}/remove")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String remove(@PathVariable String code, @PathVariable long memberId, RedirectAttributes redirect) {
        var segment = segments.get(code);
        segments.removeMember(code, memberId, null);
        redirect.addFlashAttribute("flash", text("segments.member.removed", memberId, segment.name()));
        return "redirect:/console/segments/" + segment.code();
    }

    @PostMapping("/console/segments/{code}/import")
    @PreAuthorize(Access.STAFF_PROGRAM)
    String importMembers(@PathVariable String code, @RequestParam(required = false) MultipartFile file,
            RedirectAttributes redirect) throws IOException {
        var segment = segments.get(code);
        try {
            if (file == null || file.isEmpty()) {
                throw new CommandRefusedException.InvalidInput("file", text("segments.import.chooseFile"));
            }
            var result = segments.importMembers(code, new String(file.getBytes(), StandardCharsets.UTF_8));
            redirect.addFlashAttribute("flash", text("segments.import.done", result.added(), result.alreadyMembers(),
                    result.unknown()));
            redirect.addFlashAttribute("unknownLines", result.lines().stream()
                    .filter(l -> l.outcome() == Segments.ImportLine.Outcome.UNKNOWN).limit(UNKNOWN_SHOWN)
                    .map(l -> text("segments.import.unknownLine", l.line(), l.value())).toList());
        } catch (CommandRefusedException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/console/segments/" + segment.code();
    }

    private String form(Model model, SegmentForm form, Segment segment) {
        model.addAttribute("form", form);
        model.addAttribute("segment", segment);
        return "segments/form";
    }

    private static boolean has(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(EDITORS::contains);
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, LocaleContextHolder.getLocale());
    }
}
