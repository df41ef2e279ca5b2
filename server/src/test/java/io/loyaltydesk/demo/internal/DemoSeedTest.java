package io.loyaltydesk.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.loyaltydesk.IntegrationTest;
import io.loyaltydesk.platform.LoyaltyDeskProperties;
import io.loyaltydesk.staff.StaffDirectory;
import io.loyaltydesk.staff.Stores;
import io.loyaltydesk.members.Members;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class DemoSeedTest extends IntegrationTest {

    @Autowired
    DemoSeed seedInContext;

    @Autowired
    LoyaltyDeskProperties properties;

    @Autowired
    Stores stores;

    @Autowired
    StaffDirectory staff;

    @Autowired
    Members members;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void seedsTheChainOnceAndNeverTwice() {
        assertThat(properties.demo().enabled()).as("demo mode is off in tests").isFalse();
        var seed = new DemoSeed(properties, stores, staff, members, clock);
        long before = demoMembers();

        assertThat(seed.seed(20)).isTrue();

        assertThat(demoMembers() - before).isEqualTo(20);
        assertThat(DemoSeed.STORES).allSatisfy(s -> assertThat(stores.byCode(s.code())).isPresent());
        assertThat(jdbc.sql("select count(*) from staff_accounts where username in ('manager','supervisor','agent','store','viewer')")
                .query(Long.class).single()).isEqualTo(5);
        var phones = jdbc.sql("""
                select i.value from member_identifiers i join members m on m.id = i.member_id
                 where m.enrolled_via = 'demo' and i.kind = 'PHONE'
                """).query(String.class).list();
        assertThat(phones).isNotEmpty().allSatisfy(p -> {
            var util = PhoneNumberUtil.getInstance();
            var number = util.parse(p, "DE");
            assertThat(util.isValidNumber(number)).as(p).isTrue();
            assertThat(util.getNumberType(number)).as(p).isEqualTo(PhoneNumberUtil.PhoneNumberType.MOBILE);
        });
        var enrolled = jdbc.sql("select created_at from members where enrolled_via = 'demo'")
                .query(Instant.class).list();
        assertThat(enrolled).allSatisfy(at -> assertThat(at)
                .isBetween(clock.instant().minus(Duration.ofDays(731)), clock.instant()));
        assertThat(jdbc.sql("select count(distinct created_at) from members where enrolled_via = 'demo'")
                .query(Long.class).single()).isGreaterThan(15);
        assertThat(jdbc.sql("""
                select count(*) from audit_log where action = 'member.enrolled' and actor_name = 'demo'
                   and actor_type = 'SYSTEM'
                """).query(Long.class).single()).isGreaterThanOrEqualTo(20);

        // a restart, and the seed in the running application, add nothing
        assertThat(seed.seed(20)).isFalse();
        assertThat(seedInContext.seed(300)).isFalse();
        assertThat(demoMembers() - before).isEqualTo(20);
    }

    private long demoMembers() {
        return jdbc.sql("select count(*) from members where enrolled_via = 'demo'").query(Long.class).single();
    }
}
