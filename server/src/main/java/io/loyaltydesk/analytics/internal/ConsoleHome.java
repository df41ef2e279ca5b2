package io.loyaltydesk.analytics.internal;

import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Access;
import io.loyaltydesk.staff.AuditQuery;
import io.loyaltydesk.staff.AuditTrail;
import io.loyaltydesk.staff.Stores;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's first page: the program in figures, and what changed lately. */
@Controller
class ConsoleHome {

    private final Members members;
    private final Stores stores;
    private final AuditTrail audit;
    private final Clock clock;

    ConsoleHome(Members members, Stores stores, AuditTrail audit, Clock clock) {
        this.members = members;
        this.stores = stores;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/console")
    @PreAuthorize(Access.STAFF_ANY)
    String home(Model model, Authentication authentication) {
        var since = clock.instant().minus(Duration.ofDays(30));
        model.addAttribute("membersTotal", members.count());
        model.addAttribute("membersActive", members.countByStatus(MemberStatus.ACTIVE));
        model.addAttribute("membersNew30d", members.countEnrolledSince(since));
        var allStores = stores.all();
        model.addAttribute("storesTotal", allStores.size());
        model.addAttribute("storesLive", allStores.stream().filter(s -> s.live()).count());
        boolean mayReadAudit = authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN")
                || a.getAuthority().equals("ROLE_PROGRAM_MANAGER") || a.getAuthority().equals("ROLE_SUPERVISOR")
                || a.getAuthority().equals("ROLE_READ_ONLY"));
        model.addAttribute("recent", mayReadAudit
                ? audit.search(new AuditQuery(null, null, null, null, null, null), null, 10).items()
                : List.of());
        return "analytics/home";
    }
}
