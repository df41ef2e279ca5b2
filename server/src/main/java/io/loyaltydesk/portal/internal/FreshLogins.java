package io.loyaltydesk.portal.internal;

import io.loyaltydesk.portal.FreshLogin;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The mechanism behind {@link FreshLogin}: the moment the member last gave their password is kept in the
 * session (set by the login form, the join form and the confirm-password page); a marked handler is reached only
 * while that moment is within {@code loyaltydesk.portal.fresh-login}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
class FreshLogins implements WebMvcConfigurer {

    static final String ATTRIBUTE = "LOYALTYDESK_PORTAL_PASSWORD_AT";

    private final Clock clock;
    private final PortalProperties properties;

    FreshLogins(Clock clock, PortalProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    /** Remembers that the member gave their password now. */
    static void stamp(HttpServletRequest request, Instant now) {
        request.getSession(true).setAttribute(ATTRIBUTE, now);
    }

    boolean fresh(HttpServletRequest request) {
        var session = request.getSession(false);
        var at = session == null ? null : session.getAttribute(ATTRIBUTE);
        return at instanceof Instant instant && !instant.plus(properties.freshLogin()).isBefore(clock.instant());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws Exception {
                if (!(handler instanceof HandlerMethod method) || !marked(method) || fresh(request)) {
                    return true;
                }
                response.sendRedirect(request.getContextPath() + "/portal/confirm-password?next="
                        + URLEncoder.encode(next(request), StandardCharsets.UTF_8));
                return false;
            }
        }).addPathPatterns("/portal/**");
    }

    private static boolean marked(HandlerMethod method) {
        return method.hasMethodAnnotation(FreshLogin.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), FreshLogin.class);
    }

    /** Where to go once the password is confirmed: the page itself for a GET, the page that posted otherwise. */
    private static String next(HttpServletRequest request) {
        if ("GET".equals(request.getMethod())) {
            var query = request.getQueryString();
            return safeNext(request.getRequestURI().substring(request.getContextPath().length())
                    + (query == null ? "" : "?" + query));
        }
        var referer = request.getHeader("Referer");
        if (referer != null) {
            try {
                var uri = URI.create(referer);
                if (uri.getHost() == null || uri.getHost().equals(request.getServerName())) {
                    var path = uri.getRawPath() == null ? "" : uri.getRawPath();
                    path = path.startsWith(request.getContextPath()) ? path.substring(request.getContextPath().length()) : path;
                    return safeNext(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
                }
            } catch (IllegalArgumentException e) {
                // a malformed Referer: go home
            }
        }
        return "/portal";
    }

    /** Only paths of the portal itself, never another site ({@code //evil.example}, {@code /\evil}). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/portal") || next.startsWith("//") || next.contains("\\")
                || next.contains("\r") || next.contains("\n")) {
            return "/portal";
        }
        return next;
    }
}
