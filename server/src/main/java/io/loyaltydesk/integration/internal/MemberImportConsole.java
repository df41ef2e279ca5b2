package io.loyaltydesk.integration.internal;

import io.loyaltydesk.integration.ImportRefused;
import io.loyaltydesk.integration.MemberImport;
import io.loyaltydesk.staff.Access;
import java.io.IOException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** The console page that imports members from a CSV file and shows what happened to each row. */
@Controller
@RequestMapping("/console/members/import")
class MemberImportConsole {

    private final MemberImport memberImport;

    MemberImportConsole(MemberImport memberImport) {
        this.memberImport = memberImport;
    }

    @GetMapping
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String form(Model model) {
        model.addAttribute("columns", MemberImport.COLUMNS);
        return "integration/import";
    }

    @PostMapping
    @PreAuthorize(Access.STAFF_MEMBERS_EDIT)
    String upload(@RequestParam(name = "file", required = false) MultipartFile file, Model model) throws IOException {
        model.addAttribute("columns", MemberImport.COLUMNS);
        if (file == null || file.isEmpty()) {
            model.addAttribute("refusedReason", ImportRefused.Reason.EMPTY.name());
            return "integration/import";
        }
        model.addAttribute("fileName", file.getOriginalFilename());
        try {
            if (file.getSize() > MemberImport.BYTES_MAX) {
                throw MemberImport.tooLarge();
            }
            model.addAttribute("report", memberImport.importCsv(file.getInputStream()));
        } catch (ImportRefused e) {
            model.addAttribute("refusedReason", e.reason().name());
            model.addAttribute("refused", e);
        }
        return "integration/import";
    }
}
