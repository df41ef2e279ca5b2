package io.loyaltydesk.engagement;

import java.util.List;

/**
 * A member's side of the referral program: their code, how often their link was opened, who joined with it, who
 * qualified, the points it earned them, and whose code they joined with (if any).
 */
public record ReferralSummary(long memberId, String code, long linkOpens, int joined, int qualified,
        long pointsEarned, List<Referral> referrals, Referral referredBy, ReferralSettings settings) {
}
