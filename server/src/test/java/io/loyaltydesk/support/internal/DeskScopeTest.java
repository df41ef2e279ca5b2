package io.loyaltydesk.support.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which live events make which desk refresh its queue. */
class DeskScopeTest {

    private static LiveEvent changed(Long team, Long previousTeam, String assignee, String previousAssignee,
            String status, String previousStatus, boolean breached) {
        return new LiveEvent(LiveEvent.Type.CHANGED, 7, null, null, null, false, null, null, team, previousTeam,
                assignee, previousAssignee, status, previousStatus, breached);
    }

    private static LiveEvent message(Long team, String assignee, String status, boolean breached) {
        return new LiveEvent(LiveEvent.Type.MESSAGE, 7, null, 70L, "FROM_MEMBER", false, null, null, team, team,
                assignee, assignee, status, status, breached);
    }

    @Test
    void mineSeesWhatIsOrWasAssignedToMeOnly() {
        var mine = DeskScope.of("mine", "anna", null, null);
        assertThat(mine.shows(changed(null, null, "anna", null, "OPEN", "OPEN", false))).as("given to me").isTrue();
        assertThat(mine.shows(changed(null, null, "ben", "anna", "OPEN", "OPEN", false))).as("taken away").isTrue();
        assertThat(mine.shows(changed(null, null, "ben", null, "OPEN", "OPEN", false))).isFalse();
        assertThat(mine.shows(message(null, "ben", "OPEN", false))).isFalse();
        assertThat(mine.shows(message(null, "anna", "OPEN", false))).isTrue();
    }

    @Test
    void unassignedSeesConversationsNobodyHasOrHadUntilNow() {
        var unassigned = DeskScope.of("unassigned", "anna", null, null);
        assertThat(unassigned.shows(changed(null, null, "ben", null, "OPEN", "OPEN", false))).isTrue();
        assertThat(unassigned.shows(message(null, null, "NEW", false))).isTrue();
        assertThat(unassigned.shows(message(null, "ben", "OPEN", false))).isFalse();
    }

    @Test
    void aTeamFilterSeesConversationsMovedInAndOut() {
        var vip = DeskScope.of("all", "anna", 3L, null);
        assertThat(vip.shows(changed(3L, null, null, null, "NEW", "NEW", false))).as("routed in").isTrue();
        assertThat(vip.shows(changed(4L, 3L, null, null, "OPEN", "OPEN", false))).as("moved out").isTrue();
        assertThat(vip.shows(changed(4L, 5L, null, null, "OPEN", "OPEN", false))).isFalse();
        assertThat(vip.shows(message(null, null, "OPEN", false))).isFalse();
        assertThat(DeskScope.of("team", "anna", null, null)).as("a team view without a team is all")
                .isEqualTo(new DeskScope(InboxView.ALL, "anna", null, null));
    }

    @Test
    void aStatusFilterSeesConversationsEnteringAndLeavingIt() {
        var open = DeskScope.of("all", "anna", null, "open");
        assertThat(open.shows(changed(null, null, null, null, "SOLVED", "OPEN", false))).isTrue();
        assertThat(open.shows(changed(null, null, null, null, "OPEN", "NEW", false))).isTrue();
        assertThat(open.shows(changed(null, null, null, null, "SOLVED", "PENDING", false))).isFalse();
    }

    @Test
    void breachedSeesBreachedConversationsAndEveryStatusChange() {
        var breached = DeskScope.of("breached", "anna", null, null);
        assertThat(breached.shows(message(null, null, "OPEN", true))).isTrue();
        assertThat(breached.shows(message(null, null, "OPEN", false))).isFalse();
        assertThat(breached.shows(changed(null, null, null, null, "SOLVED", "OPEN", false))).as("solved").isTrue();
        assertThat(breached.shows(changed(null, null, "ben", null, "OPEN", "OPEN", false))).isFalse();
    }

    @Test
    void anEventThatDoesNotSayWhereItIsReachesEveryDeskAndBadParametersWidenTheScope() {
        var old = new LiveEvent(LiveEvent.Type.CHANGED, 7, null, null, null, false, null, null);
        assertThat(DeskScope.of("mine", "anna", 3L, "OPEN").shows(old)).isTrue();
        var odd = DeskScope.of("nonsense", "anna", null, "NOT_A_STATUS");
        assertThat(odd.view()).isEqualTo(InboxView.ALL);
        assertThat(odd.status()).isNull();
    }
}
