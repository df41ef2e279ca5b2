package io.loyaltydesk.surveys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.portal.MemberPrincipal;
import io.loyaltydesk.segments.SegmentDefinition;
import io.loyaltydesk.segments.Segments;
import io.loyaltydesk.staff.Actor;
import io.loyaltydesk.staff.Role;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.Message;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

class SurveysTest extends IntegrationTest {

    @Autowired
    CsatSurveys csat;

    @Autowired
    NpsSurveys nps;

    @Autowired
    Conversations conversations;

    @Autowired
    Segments segments;

    private static <T> T as(Supplier<T> work) {
        return Actor.callAs(Actor.system("test"), work);
    }

    private long enroll(String email) throws Exception {
        var body = mvc.perform(post("/api/v1/members").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"firstName\": \"Mia\", \"lastName\": \"Stern\", \"email\": \"%s\"}".formatted(email)))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return ((Number) JsonPath.read(body, "$.id")).longValue();
    }

    /** A conversation of a fresh member, solved by an agent. */
    private Conversation solved() throws Exception {
        var email = uniqueEmail();
        enroll(email);
        var body = mvc.perform(post("/api/v1/conversations").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\": \"WEB_FORM\", \"subject\": \"Missing points\", \"email\": \"%s\", "
                                .formatted(email) + "\"message\": \"My points are missing.\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(body, "$.conversation.id")).longValue();
        return as(() -> conversations.changeStatus(id, Conversation.Status.SOLVED));
    }

    private static String token(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static RequestPostProcessor member(long memberId) {
        var principal = new MemberPrincipal(memberId, "m" + memberId + "@example.test");
        return authentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.getAuthorities()));
    }

    private static RequestPostProcessor from() {
        return request -> {
            request.setRemoteAddr("10.80." + unique() % 250 + "." + unique() % 250);
            return request;
        };
    }

    @Test
    void solvingAConversationSendsOneSurveyWithAMemberVisibleLine() throws Exception {
        var conversation = solved();
        var survey = csat.find(conversation.id()).orElseThrow();
        assertThat(survey.memberId()).isEqualTo(conversation.memberId());
        assertThat(survey.answered()).isFalse();
        var invitations = conversations.messages(conversation.id()).stream()
                .filter(m -> m.kind() == Message.Kind.SYSTEM && m.body().contains("/portal/surveys/csat/"
                        + conversation.id())).toList();
        assertThat(invitations).hasSize(1);
        assertThat(csat.link(conversation.id())).hasValueSatisfying(link -> assertThat(link)
                .contains("/portal/surveys/answer/csat." + conversation.id() + "."));

        // reopened and solved again: still one survey, no second invitation
        as(() -> conversations.changeStatus(conversation.id(), Conversation.Status.OPEN));
        as(() -> conversations.changeStatus(conversation.id(), Conversation.Status.SOLVED));
        assertThat(conversations.messages(conversation.id()).stream()
                .filter(m -> m.body().contains("/portal/surveys/csat/")).count()).isEqualTo(1);
    }

    @Test
    void aConversationWithoutAMemberGetsNoSurvey() throws Exception {
        var body = mvc.perform(post("/api/v1/conversations").with(apiKey()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\": \"WEB_FORM\", \"subject\": \"Hi\", \"email\": \"%s\", \"message\": \"?\"}"
                                .formatted(uniqueEmail())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        long id = ((Number) JsonPath.read(body, "$.conversation.id")).longValue();
        as(() -> conversations.changeStatus(id, Conversation.Status.SOLVED));
        assertThat(csat.find(id)).isEmpty();
        assertThat(csat.link(id)).isEmpty();
    }

    @Test
    void oneAnswerPerConversationChangeableOnlyWithinTheWindow() throws Exception {
        var conversation = solved();
        var token = token(csat.link(conversation.id()).orElseThrow());
        mvc.perform(post("/portal/surveys/answer/" + token).with(csrf()).with(from())
                        .param("rating", "2").param("comment", "Slow"))
                .andExpect(status().is3xxRedirection());
        var first = csat.find(conversation.id()).orElseThrow();
        assertThat(first.rating()).isEqualTo(2);
        assertThat(first.comment()).isEqualTo("Slow");

        var changed = csat.answer(token, 4, "Better after all");
        assertThat(changed.rating()).isEqualTo(4);
        assertThat(changed.answeredAt()).isEqualTo(first.answeredAt());
        assertThat(changed.changedAt()).isNotNull();
        assertThat(csat.ofMember(conversation.memberId(), 10)).hasSize(1);

        var start = clock.instant();
        try {
            clock.advance(Duration.ofDays(8));
            assertThatThrownBy(() -> csat.answer(token, 5, null))
                    .isInstanceOfSatisfying(CommandRefusedException.RuleViolated.class,
                            e -> assertThat(e.type()).isEqualTo("survey-answered"));
            assertThat(csat.find(conversation.id()).orElseThrow().rating()).isEqualTo(4);
        } finally {
            clock.set(start);
        }
    }

    @Test
    void forgedAndExpiredLinksAreRefused() throws Exception {
        var conversation = solved();
        var token = token(csat.link(conversation.id()).orElseThrow());
        var parts = token.split("\\.");
        // another conversation's id under this signature
        var otherId = token.replaceFirst("^csat\\." + parts[1] + "\\.", "csat." + (conversation.id() + 1) + ".");
        // a later expiry under this signature
        var later = token.replace("." + parts[3] + ".", "." + (Long.parseLong(parts[3]) + 86_400) + ".");
        var badSignature = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
        for (var forged : List.of(otherId, later, badSignature, "csat.1.2.3.x", "nonsense")) {
            assertThatThrownBy(() -> csat.answer(forged, 5, null))
                    .isInstanceOfSatisfying(CommandRefusedException.RuleViolated.class,
                            e -> assertThat(e.type()).isEqualTo("survey-link-invalid"));
        }
        mvc.perform(get("/portal/surveys/answer/" + badSignature).with(from()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("not valid")));
        assertThat(csat.find(conversation.id()).orElseThrow().answered()).isFalse();

        var start = clock.instant();
        try {
            clock.advance(Duration.ofDays(31));
            assertThatThrownBy(() -> csat.answer(token, 5, null))
                    .isInstanceOfSatisfying(CommandRefusedException.RuleViolated.class,
                            e -> assertThat(e.type()).isEqualTo("survey-link-expired"));
            mvc.perform(get("/portal/surveys/answer/" + token).with(from()))
                    .andExpect(status().isOk()).andExpect(content().string(containsString("expired")));
        } finally {
            clock.set(start);
        }
        assertThat(csat.find(conversation.id()).orElseThrow().answered()).isFalse();
    }

    @Test
    void badRatingsAreRefusedAndNothingIsStored() throws Exception {
        var conversation = solved();
        var token = token(csat.link(conversation.id()).orElseThrow());
        mvc.perform(post("/portal/surveys/answer/" + token).with(csrf()).with(from()).param("rating", "9"))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"rating-error\"")));
        assertThat(csat.find(conversation.id()).orElseThrow().answered()).isFalse();
    }

    @Test
    void theMemberAnswersInThePortalAndTheDeskShowsIt() throws Exception {
        var conversation = solved();
        mvc.perform(get("/portal/surveys").with(member(conversation.memberId())))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Missing points")));
        mvc.perform(post("/portal/surveys/csat/" + conversation.id()).with(member(conversation.memberId()))
                        .with(csrf()).param("rating", "5").param("comment", "Quick and friendly"))
                .andExpect(status().is3xxRedirection());
        // someone else's conversation is not theirs to rate
        mvc.perform(post("/portal/surveys/csat/" + conversation.id()).with(member(conversation.memberId() + 100_000))
                        .with(csrf()).param("rating", "1"))
                .andExpect(status().isNotFound());
        assertThat(csat.find(conversation.id()).orElseThrow().rating()).isEqualTo(5);

        mvc.perform(get("/desk/surveys/conversations/" + conversation.id()).with(staff(Role.AGENT)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("CSAT 5/5")))
                .andExpect(content().string(containsString("Quick and friendly")));
        mvc.perform(get("/desk/surveys/members/" + conversation.memberId()).with(staff(Role.AGENT)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Average 5.0 from 1 answers")));
        mvc.perform(get("/desk/surveys/members/" + conversation.memberId()).with(staff(Role.STORE_STAFF)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/portal/surveys")).andExpect(status().is3xxRedirection());
    }

    @Test
    void npsCampaignsAskTheirSegmentOnceAndCountTheScore() throws Exception {
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var code = "NPS" + unique();
        as(() -> segments.create(new SegmentDefinition(code, "NPS test", null)));
        var inside = enroll(uniqueEmail());
        var inside2 = enroll(uniqueEmail());
        var outside = enroll(uniqueEmail());
        as(() -> segments.addMembers(code, List.of(inside, inside2), null));
        var campaign = as(() -> nps.create(new NewNpsCampaign("Autumn " + code, code, today.minusDays(1).toString(),
                today.plusDays(5).toString(), null)));
        assertThat(nps.runningFor(inside)).extracting(NpsCampaign::id).contains(campaign.id());
        assertThat(nps.runningFor(outside)).extracting(NpsCampaign::id).doesNotContain(campaign.id());

        var link = nps.link(campaign.id(), inside);
        mvc.perform(get("/portal/surveys/answer/" + token(link)).with(from()))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Autumn " + code)));
        mvc.perform(post("/portal/surveys/answer/" + token(link)).with(csrf()).with(from())
                        .param("score", "3").param("comment", "Too pricey"))
                .andExpect(status().is3xxRedirection());
        // the same member again: the answer changes, it does not count twice
        nps.answer(token(link), 10, "Love the croissants");
        mvc.perform(post("/portal/surveys/nps/" + campaign.id()).with(member(inside2)).with(csrf())
                        .param("score", "6"))
                .andExpect(status().is3xxRedirection());
        assertThatThrownBy(() -> nps.answer(token(nps.link(campaign.id(), outside)), 9, null))
                .isInstanceOfSatisfying(CommandRefusedException.RuleViolated.class,
                        e -> assertThat(e.type()).isEqualTo("survey-not-for-member"));

        var results = nps.results(campaign.id());
        assertThat(results.responses()).isEqualTo(2);
        assertThat(results.promoters()).isEqualTo(1);
        assertThat(results.detractors()).isEqualTo(1);
        assertThat(results.score()).isEqualByComparingTo("0");
        assertThat(results.distribution()[10]).isEqualTo(1);
        assertThat(results.distribution()[3]).isZero();

        var csv = new StringWriter();
        nps.exportCsv(campaign.id(), csv);
        assertThat(csv.toString().lines()).hasSize(3).first().asString().startsWith("campaign,member_number,score");
        assertThat(csv.toString()).contains("Love the croissants").contains(",10,promoter,").contains(",6,detractor,");

        mvc.perform(get("/console/surveys/nps/" + campaign.id()).with(staff(Role.SUPERVISOR)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("id=\"nps-score\">0.0<")));
        mvc.perform(get("/console/surveys/nps/" + campaign.id() + "/export.csv").with(staff(Role.PROGRAM_MANAGER)))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Love the croissants")));
        mvc.perform(get("/console/surveys").with(staff(Role.AGENT))).andExpect(status().isForbidden());
        mvc.perform(get("/console/surveys/nps/" + campaign.id()).with(staff(Role.READ_ONLY)))
                .andExpect(status().isForbidden());

        var start = clock.instant();
        try {
            clock.advance(Duration.ofDays(7));
            assertThatThrownBy(() -> nps.answer(token(link), 9, null))
                    .isInstanceOf(CommandRefusedException.RuleViolated.class);
        } finally {
            clock.set(start);
        }
    }

    @Test
    void badCampaignsAreRefusedFieldByField() throws Exception {
        mvc.perform(post("/console/surveys/nps").with(staff(Role.PROGRAM_MANAGER)).with(csrf())
                        .param("name", "").param("segmentCode", "NO-SUCH-SEGMENT").param("startsOn", "2026-12-10")
                        .param("endsOn", "2026-12-01"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"name-error\"")))
                .andExpect(content().string(containsString("id=\"segmentCode-error\"")))
                .andExpect(content().string(containsString("id=\"endsOn-error\"")));
    }
}
