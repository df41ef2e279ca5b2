package io.loyaltydesk.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.platform.CommandRefusedException;
import io.loyaltydesk.platform.FieldProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class EnrollmentDateTest extends IntegrationTest {

    @Autowired
    Members members;

    @Autowired
    Clock clock;

    @Test
    void aMemberCarriedOverKeepsTheDateItJoined() {
        var joined = Instant.parse("2020-02-29T10:15:30Z");
        var member = members.enroll(enrollment(uniqueEmail(), joined));
        assertThat(member.createdAt()).isEqualTo(joined);
        assertThat(member.updatedAt()).isAfter(joined);
    }

    @Test
    void withoutADateTheMemberJoinsNow() {
        var before = clock.instant();
        var member = members.enroll(enrollment(uniqueEmail(), null));
        assertThat(member.createdAt()).isBetween(before.minusSeconds(1), clock.instant().plusSeconds(1));
    }

    @Test
    void anEnrollmentDateInTheFutureIsRefused() {
        var email = uniqueEmail();
        assertThatThrownBy(() -> members.enroll(enrollment(email, clock.instant().plus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(CommandRefusedException.InvalidInput.class, e -> assertThat(e.problems())
                        .containsExactly(new FieldProblem("enrolledAt", "must not lie in the future")));
        assertThat(members.findBy(IdentifierKind.EMAIL, email)).isEmpty();
    }

    private static Enrollment enrollment(String email, Instant enrolledAt) {
        return new Enrollment("Old", "Member", email, null, null, null, null, null, null, Map.of(), "import",
                enrolledAt);
    }
}
