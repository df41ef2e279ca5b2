package io.loyaltydesk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.loyaltydesk.staff.Role;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class PointsConsoleSettingsTest extends PointsConsoleTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void badValuesAreAnsweredBesideTheirFieldsAndChangeNothing() throws Exception {
        var before = ledger.settings();
        mvc.perform(form(before, "pendingDays", "-1", "currency", "euro", "reason", "tidy up")
                        .with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"pendingDays-error\""),
                        containsString("must be between 0 and 365"), containsString("id=\"currency-error\""),
                        containsString("value=\"euro\""), not(containsString("id=\"expiryMonths-error\"")))));
        mvc.perform(form(before, "expiryMonths", "twelve", "reason", "").with(staff(Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"expiryMonths-error\""),
                        containsString("must be a number"), containsString("id=\"reason-error\""))));
        assertThat(ledger.settings()).isEqualTo(before);
    }

    @Test
    void goodValuesAreSavedWithTheirReason() throws Exception {
        var before = ledger.settings();
        int timeout = before.reservationTimeoutMinutes() == 20 ? 21 : 20;
        var reason = "longer checkouts " + unique();
        try {
            mvc.perform(form(before, "reservationTimeoutMinutes", Integer.toString(timeout),
                            "reason", reason).with(staff(Role.PROGRAM_MANAGER)))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/console/settings/ledger"))
                    .andExpect(flash().attribute("flash", "Points settings saved."));
            var after = ledger.settings();
            assertThat(after.reservationTimeoutMinutes()).isEqualTo(timeout);
            assertThat(after.pendingDays()).isEqualTo(before.pendingDays());
            assertThat(after.pointValueMinor()).isEqualByComparingTo(before.pointValueMinor());
            assertThat(after.allowNegativeBalance()).isEqualTo(before.allowNegativeBalance());
            assertThat(jdbc.sql("select count(*) from audit_log where action = 'ledger.settings-changed' and reason = :r")
                    .param("r", reason).query(Long.class).single()).isEqualTo(1);
            mvc.perform(get("/console/settings/ledger").with(staff(Role.PROGRAM_MANAGER)))
                    .andExpect(content().string(containsString("value=\"" + timeout + "\"")));
        } finally {
            ledger.updateSettings(before, "restored by test");
        }
    }

    @Test
    void everyoneMayLookButOnlyTheProgramMayChange() throws Exception {
        var before = ledger.settings();
        mvc.perform(get("/console/settings/ledger").with(staff(Role.AGENT)))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Only admins and program managers"),
                        containsString("disabled"), not(containsString("name=\"reason\"")),
                        containsString("Books balanced:"), not(containsString("??")))));
        mvc.perform(form(before, "reason", "let me").with(staff(Role.AGENT)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/console/settings/ledger").with(staff(Role.ADMIN))
                        .param("pendingDays", "3").param("reason", "no token"))
                .andExpect(status().isForbidden());
        assertThat(ledger.settings()).isEqualTo(before);
    }

    /** The settings form as the browser posts it: filled with {@code s}, then the {@code changes} (name, value...). */
    private static MockHttpServletRequestBuilder form(LedgerSettings s, String... changes) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("pendingDays", Integer.toString(s.pendingDays()));
        fields.put("expiryPolicy", s.expiryPolicy().name());
        fields.put("expiryMonths", Integer.toString(s.expiryMonths()));
        fields.put("pointValueMinor", s.pointValueMinor().toPlainString());
        fields.put("currency", s.currency());
        fields.put("adjustmentApprovalLimit", Long.toString(s.adjustmentApprovalLimit()));
        fields.put("reservationTimeoutMinutes", Integer.toString(s.reservationTimeoutMinutes()));
        if (s.allowNegativeBalance()) {
            fields.put("allowNegativeBalance", "true");
        }
        if (s.memberTransfersEnabled()) {
            fields.put("memberTransfersEnabled", "true");
        }
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        var request = post("/console/settings/ledger").with(csrf());
        fields.forEach(request::param);
        return request;
    }
}
