package io.loyaltydesk.messaging.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders messages from {@code templates/messaging/<name>.txt} (plain text, and the whole of an SMS) and
 * {@code <name>.html} (the HTML part of an email), in the member's language, with the subject from the message
 * bundle ({@code messaging.<name>.subject}). Its own template engine, so the pages' engine stays as Spring Boot
 * made it.
 */
@Component
public class MessageTemplates {

    /** Languages messages are written in; anything else gets English. */
    public static final Set<String> LANGUAGES = Set.of("en", "de");

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final MessageSource messages;

    MessageTemplates(MessageSource messages) {
        this.messages = messages;
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 1));
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 2));
        engine.setTemplateEngineMessageSource(messages);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/messaging/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }

    public record Rendered(String subject, String text, String html) {
    }

    public static Locale locale(String language) {
        return language != null && LANGUAGES.contains(language) ? Locale.forLanguageTag(language) : Locale.ENGLISH;
    }

    /** Subject, text and HTML of an email; {@code subjectArgs} fill the subject's placeholders. */
    public Rendered email(String template, Locale locale, Map<String, Object> model, Object... subjectArgs) {
        var context = new Context(locale, model);
        var subject = messages.getMessage("messaging." + template + ".subject", subjectArgs, locale);
        return new Rendered(subject, engine.process(template + ".txt", context).strip(),
                engine.process(template + ".html", context));
    }

    /** The text of an SMS. */
    public String text(String template, Locale locale, Map<String, Object> model) {
        return engine.process(template + ".txt", new Context(locale, model)).strip();
    }

    /** One line of the message bundle, in the member's language (for the in-app inbox). */
    public String line(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
