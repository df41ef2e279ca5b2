package io.loyaltydesk.support.internal;

import io.loyaltydesk.members.MemberErased;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** An erased member's mails keep who-wrote-when for the thread, but no addresses, subjects, HTML or files. */
@Component
class MailErasures {

    private final JdbcClient jdbc;

    MailErasures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @ApplicationModuleListener
    void on(MemberErased erased) {
        long member = erased.memberId().value();
        jdbc.sql("""
                update support_emails
                   set from_address = '[erased]', to_addresses = '[erased]', cc_addresses = '', subject = '[erased]',
                       html = null
                 where conversation_id in (select id from conversations where member_id = :member)
                """).param("member", member).update();
        jdbc.sql("""
                update support_email_attachments
                   set file_name = '[erased]', content = null, refused_reason = 'erased'
                 where conversation_id in (select id from conversations where member_id = :member)
                """).param("member", member).update();
    }
}
