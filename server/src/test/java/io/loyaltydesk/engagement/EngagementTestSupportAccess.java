package io.loyaltydesk.engagement;

/** For tests of other packages that leave challenges behind (the demo seed's). */
public final class EngagementTestSupportAccess {

    private EngagementTestSupportAccess() {
    }

    public static void endRunningChallenges(Challenges challenges) {
        EngagementTestSupport.endRunningChallenges(challenges);
    }
}
