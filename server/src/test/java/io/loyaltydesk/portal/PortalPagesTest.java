package io.loyaltydesk.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.oned.Code128Reader;
import com.google.zxing.qrcode.QRCodeReader;
import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.staff.Role;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** Home, card, history and purchase pages show the logged-in member's own points; the console sets the brand. */
class PortalPagesTest extends PortalTestSupport {

    @Autowired
    Members members;

    @Autowired
    io.loyaltydesk.messaging.Inbox inbox;

    @Test
    void theMorePageReachesWhatThePhoneBarHasNoRoomFor() throws Exception {
        var joined = join("Mara");
        mvc.perform(get("/portal/menu").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/portal/notifications\"")))
                .andExpect(content().string(containsString("href=\"/portal/referrals\"")))
                .andExpect(content().string(containsString("href=\"/portal/badges\"")))
                .andExpect(content().string(containsString("href=\"/portal/chat\"")))
                .andExpect(content().string(containsString("href=\"/portal/tickets\"")))
                .andExpect(content().string(containsString("href=\"/portal/help\"")));
        mvc.perform(get("/portal/menu")).andExpect(status().is3xxRedirection());
    }

    @Test
    void pagesOfOtherModulesShowTheBrandAndTheUnreadCountToo() throws Exception {
        var joined = join("Nele");
        // the welcome message is the unread one
        PortalAccountSettingsTest.eventually(() -> inbox.unread(joined.memberId()) > 0);
        for (var page : new String[] {"/portal/help", "/portal/badges", "/portal/referrals", "/portal/surveys"}) {
            mvc.perform(get(page).cookie(joined.session()))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"program-name\"")))
                    .andExpect(content().string(containsString("id=\"unread-count\"")));
        }
    }

    @Test
    void homeShowsTheBalanceAfterAnAdjustmentAndHistoryExplainsIt() throws Exception {
        var joined = join("Finn");
        mvc.perform(get("/portal").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No points yet")));

        mvc.perform(post("/api/v1/members/{id}/points/adjustments", joined.memberId()).with(apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"points\": 240, \"reason\": \"Sorry about the cold coffee\"}"))
                .andExpect(status().isCreated());

        mvc.perform(get("/portal").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"balance\">240<")))
                .andExpect(content().string(containsString("Show my card")))
                .andExpect(content().string(not(containsString("No points yet"))));
        mvc.perform(get("/portal/history").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("We added 240 points")))
                .andExpect(content().string(containsString("Sorry about the cold coffee")))
                .andExpect(content().string(containsString("today — ")));
        mvc.perform(get("/portal").cookie(joined.session()).param("lang", "de"))
                .andExpect(content().string(containsString("Meine Karte zeigen")));
    }

    @Test
    void historyPagesBackwardsWithShowOlder() throws Exception {
        var joined = join("Gus");
        for (int i = 1; i <= 22; i++) {
            mvc.perform(post("/api/v1/members/{id}/points/adjustments", joined.memberId()).with(apiKey())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"points\": " + i + ", \"reason\": \"gift number " + i + "\"}"))
                    .andExpect(status().isCreated());
        }
        var first = mvc.perform(get("/portal/history").cookie(joined.session()))
                .andExpect(content().string(containsString("gift number 22")))
                .andExpect(content().string(not(containsString("gift number 2<"))))
                .andReturn().getResponse().getContentAsString();
        var cursor = first.replaceAll("(?s).*hx-get=\"/portal/history/more\\?cursor=([^\"]+)\".*", "$1");
        assertThat(cursor).isNotBlank().doesNotContain("<");
        mvc.perform(get("/portal/history/more").param("cursor", cursor).cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("gift number 2<")))
                .andExpect(content().string(containsString("gift number 1<")))
                .andExpect(content().string(not(containsString("<html"))))
                .andExpect(content().string(not(containsString("Show older"))));
    }

    @Test
    void theCardImagesCarryTheLoggedInMembersNumberAndNobodyElseSeesThem() throws Exception {
        var joined = join("Hana");
        var number = members.get(new MemberId(joined.memberId())).memberNumber();
        mvc.perform(get("/portal/card").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(number)))
                .andExpect(content().string(containsString("/portal/card/qr.png")));

        var qr = mvc.perform(get("/portal/card/qr.png").cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(new QRCodeReader().decode(bitmap(qr)).getText()).isEqualTo(number);
        var barcode = mvc.perform(get("/portal/card/barcode.png").cookie(joined.session()))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(new Code128Reader().decode(bitmap(barcode)).getText()).isEqualTo(number);

        var other = join("Ivo");
        var otherQr = mvc.perform(get("/portal/card/qr.png").cookie(other.session()))
                .andReturn().getResponse().getContentAsByteArray();
        assertThat(new QRCodeReader().decode(bitmap(otherQr)).getText()).isNotEqualTo(number);
        mvc.perform(get("/portal/card/qr.png")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/portal/card/barcode.png").with(staff(Role.ADMIN))).andExpect(status().isForbidden());
    }

    @Test
    void aPurchaseInTheHistoryOpensWithItsLinesOnlyForItsMember() throws Exception {
        var joined = join("Jon");
        var receipt = mvc.perform(post("/api/v1/purchases").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"externalId": "P-%d", "channel": "POS", "memberId": %d, "occurredAt": "%s",
                                 "currency": "EUR", "totalAmount": "7.50",
                                 "lines": [{"sku": "FLATW", "category": "COFFEE", "quantity": 1, "amount": "7.50"}]}
                                """.formatted(unique(), joined.memberId(),
                                Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS))))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        long purchaseId = Long.parseLong(receipt.replaceAll("(?s)^\\{\"id\":(\\d+),.*", "$1"));

        mvc.perform(get("/portal/purchases/{id}", purchaseId).cookie(joined.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("FLATW")))
                .andExpect(content().string(containsString("Total 7.5 EUR")));
        var other = join("Kai");
        mvc.perform(get("/portal/purchases/{id}", purchaseId).cookie(other.session()))
                .andExpect(status().isNotFound());
    }

    @Test
    void aBrandChangedInTheConsoleShowsOnThePortal() throws Exception {
        var name = "Bean Club " + unique();
        try {
            mvc.perform(multipart("/console/settings/branding").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                            .param("programName", name).param("accentColour", "#7a1f5c")
                            .param("reason", "new coffee brand"))
                    .andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/console/settings/branding"));
            mvc.perform(get("/portal/login"))
                    .andExpect(content().string(containsString(name)));
            mvc.perform(get("/portal/brand.css"))
                    .andExpect(content().string(containsString("--accent: #7A1F5C;")))
                    .andExpect(content().string(containsString("--accent-contrast: #FFFFFF;")));
            mvc.perform(get("/portal/manifest.webmanifest"))
                    .andExpect(content().string(containsString("\"theme_color\":\"#7A1F5C\"")));
            assertThat(jdbc.sql("select reason from audit_log where action = 'portal.branding.changed' "
                    + "order by id desc limit 1").query(String.class).single()).isEqualTo("new coffee brand");

            mvc.perform(multipart("/console/settings/branding").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                            .param("programName", "").param("accentColour", "red").param("reason", "x"))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"accentColour-error\"")))
                    .andExpect(content().string(containsString("id=\"programName-error\"")));
            mvc.perform(get("/console/settings/branding").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        } finally {
            mvc.perform(multipart("/console/settings/branding").with(staff(Role.ADMIN)).with(csrf())
                    .param("programName", "Loyalty Desk").param("accentColour", "#0B6E4F")
                    .param("reason", "back to the default after the test"));
        }
    }

    private static BinaryBitmap bitmap(byte[] png) throws Exception {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        var pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
    }
}
