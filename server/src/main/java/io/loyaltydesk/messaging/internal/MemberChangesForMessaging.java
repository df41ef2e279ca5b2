package io.loyaltydesk.messaging.internal;

import io.loyaltydesk.members.MemberErased;
import io.loyaltydesk.members.MembersMerged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** An erased member's messages go (they hold addresses and names); a merged member's inbox moves across. */
@Component
class MemberChangesForMessaging {

    private final JdbcClient jdbc;
    private final OutboxStore outbox;

    MemberChangesForMessaging(JdbcClient jdbc, OutboxStore outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        long id = erased.memberId().value();
        jdbc.sql("delete from member_notifications where member_id = :member").param("member", id).update();
        outbox.deleteOfMember(id);
    }

    @ApplicationModuleListener
    void on(MembersMerged merged) {
        long from = merged.duplicate().value();
        long to = merged.survivor().value();
        // a message both had (each was welcomed) stays once, the survivor's
        jdbc.sql("""
                delete from member_notifications d
                 where d.member_id = :from and d.source is not null
                   and exists (select 1 from member_notifications s
                                where s.member_id = :to and s.kind = d.kind and s.source = d.source)
                """).param("from", from).param("to", to).update();
        jdbc.sql("update member_notifications set member_id = :to where member_id = :from")
                .param("from", from).param("to", to).update();
        outbox.moveMember(from, to);
    }
}
