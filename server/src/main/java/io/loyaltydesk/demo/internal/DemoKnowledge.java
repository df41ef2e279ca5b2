package io.loyaltydesk.demo.internal;

import io.loyaltydesk.knowledge.ArticleDraft;
import io.loyaltydesk.knowledge.KnowledgeBase;
import io.loyaltydesk.members.Member;
import io.loyaltydesk.support.Conversation;
import io.loyaltydesk.support.Conversations;
import io.loyaltydesk.support.QueueView;
import io.loyaltydesk.surveys.CsatSurveys;
import io.loyaltydesk.surveys.NewNpsCampaign;
import io.loyaltydesk.surveys.NpsSurveys;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.springframework.stereotype.Component;

/**
 * The demo chain's help centre (categories and articles in English, a few in German, one draft), the answers to the
 * CSAT surveys of the solved demo conversations, and an NPS campaign that is running with answers in.
 */
@Component
class DemoKnowledge {

    static final String MARKER_CATEGORY = "points";
    static final String NPS_CAMPAIGN = "Autumn check-in 2026";

    private record Cat(String slug, String en, String de, int position) {
    }

    private record Doc(String category, String locale, String title, String body, boolean published) {
    }

    private static final List<Cat> CATEGORIES = List.of(
            new Cat("points", "Earning points", "Punkte sammeln", 1),
            new Cat("tiers", "Tiers", "Stufen", 2),
            new Cat("rewards", "Rewards and vouchers", "Prämien und Gutscheine", 3),
            new Cat("missing-points", "Missing points", "Fehlende Punkte", 4),
            new Cat("account", "Your account and card", "Ihr Konto und Ihre Karte", 5));

    private final KnowledgeBase knowledge;
    private final Conversations conversations;
    private final CsatSurveys csat;
    private final NpsSurveys nps;
    private final Clock clock;

    DemoKnowledge(KnowledgeBase knowledge, Conversations conversations, CsatSurveys csat, NpsSurveys nps,
            Clock clock) {
        this.knowledge = knowledge;
        this.conversations = conversations;
        this.csat = csat;
        this.nps = nps;
        this.clock = clock;
    }

    boolean seeded() {
        return knowledge.category(MARKER_CATEGORY).isPresent();
    }

    /** What was seeded, for the log. */
    record Seeded(int articles, int csatAnswers, int npsAnswers) {
    }

    Seeded seed(List<Member> members) {
        for (var c : CATEGORIES) {
            knowledge.createCategory(c.slug(), c.en(), c.de(), c.position());
        }
        int articles = 0;
        for (var d : articles()) {
            var article = knowledge.create(new ArticleDraft(d.title(), d.body(), d.locale(), null, d.category()));
            if (d.published()) {
                knowledge.publish(article.id());
            }
            articles++;
        }
        var random = new Random(20261123L);
        int csatAnswers = answerCsat(members, random);
        int npsAnswers = seedNps(members, random);
        return new Seeded(articles, csatAnswers, npsAnswers);
    }

    /** Most solved demo conversations get an answer, mostly happy, with a comment now and then. */
    private int answerCsat(List<Member> members, Random random) {
        var demoMembers = members.stream().map(m -> m.id().value()).collect(java.util.stream.Collectors.toSet());
        var comments = List.of("Quick and friendly, thank you!", "Sorted in one reply.",
                "Took a while, but the points are there now.", "Clear answer, great service.",
                "I had to write twice.", "Danke, super schnell!");
        int answered = 0;
        for (var conversation : conversations.queue(QueueView.ALL, Conversation.Status.SOLVED, null, 100).items()) {
            var link = csat.link(conversation.id());
            if (link.isEmpty() || !demoMembers.contains(conversation.memberId()) || random.nextInt(5) == 0) {
                continue;
            }
            int rating = new int[] {5, 5, 5, 4, 4, 4, 3, 2}[random.nextInt(8)];
            var comment = random.nextBoolean() ? comments.get(random.nextInt(comments.size())) : null;
            csat.answer(link.get().substring(link.get().lastIndexOf('/') + 1), rating, comment);
            answered++;
        }
        return answered;
    }

    /** A campaign to every member that started ten days ago, with a realistic spread of answers. */
    private int seedNps(List<Member> members, Random random) {
        var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        var campaign = nps.create(new NewNpsCampaign(NPS_CAMPAIGN, null, today.minusDays(10).toString(),
                today.plusDays(20).toString(), null));
        var comments = List.of("Best croissants in town.", "The app makes collecting points easy.",
                "Coffee is great, queues in the morning are long.", "Rewards feel a bit expensive in points.",
                "Friendly baristas at Kreuzberg!", "I miss the old oat flat white.", "Immer frisch, immer lecker.",
                "Points took days to show up once.");
        int[] scores = {10, 10, 10, 9, 9, 9, 9, 8, 8, 8, 7, 7, 6, 5, 3};
        int answered = 0;
        for (int i = 0; i < members.size() && answered < 60; i += 3) {
            var member = members.get(i);
            int score = scores[random.nextInt(scores.length)];
            var comment = random.nextInt(3) == 0 ? comments.get(random.nextInt(comments.size())) : null;
            nps.answer(tokenOf(nps.link(campaign.id(), member.id().value())), score, comment);
            answered++;
        }
        return answered;
    }

    private static String tokenOf(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static List<Doc> articles() {
        return List.of(
                new Doc("points", "en", "How do I earn points?", """
                        Every euro you spend in a Morgenrot store earns **1 point**, rounded down per purchase: a \
                        7.80 EUR breakfast earns 7 points.

                        ## Extra points
                        - **Coffee counts double**: espresso, cappuccino, filter coffee and every other coffee drink \
                        earn a second point per euro.
                        - **Promotions**: in November pastries earn 3x points. Running promotions are shown in the app.
                        - **Gold and Platinum** members earn 1.5x points on every purchase.

                        Show your digital card (or tell us your phone number) *before* you pay, so the till can \
                        add the points to your account.""", true),
                new Doc("points", "en", "When can I use my points?", """
                        New points are **pending for 14 days** after the purchase: that is our return window. After \
                        that they are available and you can spend them on rewards.

                        The app shows pending points with the date they become available, for example "40 points \
                        from 5 Dec".""", true),
                new Doc("points", "en", "Do my points expire?", """
                        Yes: points expire **12 months after you earned them**. When you spend points we always use \
                        the ones that expire soonest first, so you lose as few as possible.

                        Your home page in the app lists the points that expire in the next 90 days. We also remind \
                        you by email a month before, if you agreed to hear from us.""", true),
                new Doc("points", "en", "Which stores take part?", """
                        The program runs in our stores in Berlin (Mitte, Kreuzberg) and Hamburg (Altona, Eppendorf). \
                        Schwabing in Munich joins soon; purchases there do not earn points yet.""", true),
                new Doc("tiers", "en", "How do the tiers work?", """
                        There are four tiers: **Bronze**, **Silver**, **Gold** and **Platinum**. You move up as you \
                        collect qualifying points; the app shows how far you are from the next tier.

                        1. Bronze: 1 point per euro, 2 on coffee, free oat or soy milk.
                        2. Silver: a birthday cake slice and a free extra shot.
                        3. Gold: 1.5x points, free filter coffee refills, members-only rewards.
                        4. Platinum: everything in Gold, priority support and a free sourdough loaf every month.""",
                        true),
                new Doc("tiers", "en", "Why did my tier change?", """
                        Tiers are reviewed regularly. If you collected fewer qualifying points in the period, you \
                        may move down one tier; a returned purchase also takes its points back.

                        If you think your tier is wrong, write to us from the app and we will look at your history \
                        with you.""", true),
                new Doc("rewards", "en", "How do I redeem a reward?", """
                        Open **Rewards** in the app, pick a reward you have enough points for and confirm. You get a \
                        **voucher code**: show it at the till within its validity.

                        - Codes can be used once.
                        - Points are taken when you redeem; if you cancel an unused reward, they come back.""", true),
                new Doc("rewards", "en", "My voucher code does not work", """
                        Check the code's validity date in *My rewards*. A code works only once and only in \
                        participating stores.

                        If the till refuses a valid code, ask the staff to type it in by hand, or write to us with \
                        the code and we will send you a new one.""", true),
                new Doc("rewards", "en", "Can I get cash for my points?", """
                        No. Points are a thank-you for your visits and can only be spent on rewards; they have no \
                        cash value and cannot be transferred to someone else.""", true),
                new Doc("missing-points", "en", "My points are missing", """
                        Points from a purchase show up **within a few minutes**, as pending points. If they do not:

                        1. Check that the purchase was made in a participating store.
                        2. Find the **receipt number** on your receipt.
                        3. Use **Points missing?** on the purchase in your history, or write to us with the receipt \
                        number, the store and the date.

                        We can add purchases from the last 90 days; the points then count from the purchase date.""",
                        true),
                new Doc("missing-points", "en", "I forgot to show my card", """
                        No problem: keep the receipt and claim the points in the app within **90 days**. We match the \
                        receipt to the purchase and add the points as of the day you bought.""", true),
                new Doc("account", "en", "I lost my card", """
                        Your points are safe: they belong to your account, not to the plastic card.

                        - Use the **digital card** in the app at the till.
                        - Ask us to block the old card and send you a new one; the points move with you.""", true),
                new Doc("account", "en", "How do I change my email or phone number?", """
                        Go to your profile in the app and change your email or phone number. We send a confirmation \
                        link to the new address before it becomes active.""", true),
                new Doc("account", "en", "How do I delete my account?", """
                        You can ask us to delete your account in the app's profile. Unspent points are lost when the \
                        account is deleted; we keep only what the law requires for bookkeeping, without your name.""",
                        true),
                new Doc("account", "en", "Which emails will I get?", """
                        Only the ones you agreed to: choose email, SMS or app messages in your preferences. Service \
                        messages (like a survey after we solved your question) are sent for the conversation only.""",
                        true),
                new Doc("rewards", "en", "Christmas rewards 2026", """
                        Our Christmas rewards are being prepared: **Stollen for 400 points**, a gift box of beans and \
                        a baking class. Coming in December.""", false),
                new Doc("points", "de", "Wie sammle ich Punkte?", """
                        Für jeden Euro in einer Morgenrot-Filiale erhalten Sie **1 Punkt**, pro Einkauf abgerundet. \
                        **Kaffee zählt doppelt**: Espresso, Cappuccino und Filterkaffee bringen einen zweiten Punkt \
                        pro Euro.

                        Zeigen Sie Ihre digitale Karte *vor* dem Bezahlen, damit die Kasse die Punkte gutschreibt.""",
                        true),
                new Doc("missing-points", "de", "Mir fehlen Punkte", """
                        Punkte aus einem Einkauf erscheinen nach wenigen Minuten als vorgemerkte Punkte. Fehlen sie:

                        1. Suchen Sie die **Bonnummer** auf Ihrem Kassenbon.
                        2. Tippen Sie im Verlauf auf **Punkte fehlen?** oder schreiben Sie uns mit Bonnummer, Filiale \
                        und Datum.

                        Wir können Einkäufe der letzten 90 Tage nachtragen.""", true),
                new Doc("rewards", "de", "Wie löse ich eine Prämie ein?", """
                        Öffnen Sie **Prämien** in der App, wählen Sie eine Prämie und bestätigen Sie. Sie erhalten \
                        einen **Gutscheincode**, den Sie an der Kasse zeigen. Jeder Code gilt einmal.""", true),
                new Doc("account", "de", "Karte verloren", """
                        Ihre Punkte sind sicher: Sie gehören zu Ihrem Konto, nicht zur Karte. Nutzen Sie die digitale \
                        Karte in der App und bitten Sie uns, die alte Karte zu sperren.""", true));
    }
}
