package io.loyaltydesk.messaging.internal;

import jakarta.mail.MessagingException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Hands one message to the SMTP server or the SMS provider; throws when they did not take it. */
@Component
public class Deliveries {

    private final ObjectProvider<JavaMailSender> mail;
    private final MessagingProperties properties;
    private final RestClient sms;

    Deliveries(ObjectProvider<JavaMailSender> mail, MessagingProperties properties) {
        this.mail = mail;
        this.properties = properties;
        this.sms = smsClient(properties.sms());
    }

    static RestClient smsClient(MessagingProperties.Sms settings) {
        // HTTP/1.1: no h2c upgrade attempt on plain http, which some servers and proxies reset
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).build();
        var factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(settings.timeout());
        return RestClient.builder().requestFactory(factory).build();
    }

    /** The message could not be handed over; {@code getMessage()} says why, without the content. */
    public static final class DeliveryFailed extends RuntimeException {

        DeliveryFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The channels that can send now: EMAIL with an SMTP server, SMS with a provider. */
    public java.util.List<String> ready() {
        var ready = new java.util.ArrayList<String>();
        if (mail.getIfAvailable() != null) {
            ready.add("EMAIL");
        }
        if (properties.sms().configured()) {
            ready.add("SMS");
        }
        return ready;
    }

    public void email(String to, String subject, String text, String html, String unsubscribeUrl) {
        var sender = mail.getIfAvailable();
        if (sender == null) {
            throw new DeliveryFailed("no SMTP server configured (spring.mail.host)", null);
        }
        try {
            var message = sender.createMimeMessage();
            var helper = new MimeMessageHelper(message, html != null, StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from());
            helper.setTo(to);
            helper.setSubject(subject);
            if (html != null) {
                helper.setText(text, html);
            } else {
                helper.setText(text);
            }
            if (unsubscribeUrl != null) {
                // RFC 2369 and RFC 8058: mail programs offer their own one-click unsubscribe button
                message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            sender.send(message);
        } catch (MessagingException | org.springframework.mail.MailException e) {
            throw new DeliveryFailed("SMTP: " + e.getMessage(), e);
        }
    }

    public void sms(String to, String text) {
        var settings = properties.sms();
        if (!settings.configured()) {
            throw new DeliveryFailed("no SMS provider configured (loyaltydesk.messaging.sms.url)", null);
        }
        var body = new LinkedHashMap<String, String>();
        body.put("to", to);
        body.put("from", settings.sender());
        body.put("text", text);
        try {
            var request = sms.post().uri(settings.url()).contentType(MediaType.APPLICATION_JSON).body(body);
            if (settings.token() != null && !settings.token().isBlank()) {
                request = request.header("Authorization", "Bearer " + settings.token());
            }
            request.retrieve().toBodilessEntity();
        } catch (org.springframework.web.client.RestClientException e) {
            // the provider's answer may echo the text (a code): say only what went wrong
            throw new DeliveryFailed("SMS provider: " + e.getClass().getSimpleName()
                    + (e instanceof org.springframework.web.client.RestClientResponseException r
                            ? " HTTP " + r.getStatusCode().value() : ""), e);
        }
    }
}
