package io.loyaltydesk.portal.internal;

import io.loyaltydesk.members.MemberId;
import io.loyaltydesk.members.MemberStatus;
import io.loyaltydesk.members.Members;
import io.loyaltydesk.platform.RateLimits;
import io.loyaltydesk.portal.MemberPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The members' door, {@code /portal/**}: form login by email, CSRF, the same Content-Security-Policy as the
 * console. Members are kept apart from staff: the portal keeps its login under its own session attribute, so a
 * staff login never opens the portal and a member login never opens the console (whose chain requires staff
 * roles anyway), and the portal authenticates against member logins only (its own authentication manager, with
 * no fallback to staff accounts).
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurity {

    static final RateLimits.Limit LOGIN_ATTEMPTS = new RateLimits.Limit("portal-login", 10, Duration.ofMinutes(1));
    /** The same policy as the staff chain's: no inline script or style anywhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
            + "form-action 'self'";
    static final String CONTEXT_ATTRIBUTE = "LOYALTYDESK_PORTAL_SECURITY_CONTEXT";
    static final String[] PUBLIC_PATHS = {"/portal/login", "/portal/join", "/portal/manifest.webmanifest",
            "/portal/offline", "/portal/brand.css", "/portal/logo", "/portal/sw.js", "/portal/verify-email",
            "/portal/forgot-password", "/portal/reset-password", "/portal/change-email", "/portal/unsubscribe",
            // the help centre and the signed survey links (knowledge and surveys modules) work without a login
            "/portal/help", "/portal/help/**", "/portal/surveys/answer/**"};

    /** Where the member's login lives in the session; the join page logs in through it too. */
    static final SecurityContextRepository CONTEXTS = contexts();

    private static SecurityContextRepository contexts() {
        var session = new HttpSessionSecurityContextRepository();
        session.setSpringSecurityContextKey(CONTEXT_ATTRIBUTE);
        return new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(), session);
    }

    @Bean
    @Order(3)
    SecurityFilterChain portalChain(HttpSecurity http, MemberLogins logins, Members members, RateLimits rateLimits,
            Clock clock) throws Exception {
        var requestCache = new HttpSessionRequestCache();
        requestCache.setSessionAttrName("LOYALTYDESK_PORTAL_SAVED_REQUEST");
        var loggedIn = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                    Authentication authentication) throws ServletException, IOException {
                // a login is a fresh password (see FreshLogin)
                FreshLogins.stamp(request, clock.instant());
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
        loggedIn.setDefaultTargetUrl("/portal");
        loggedIn.setRequestCache(requestCache);
        http.securityMatcher("/portal/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .requestMatchers("/portal/contact").permitAll()
                        .anyRequest().hasRole("MEMBER"))
                // not a bean: a second provider bean would change how the staff chain authenticates
                .authenticationManager(new ProviderManager(new MemberAuthentication(logins, members)))
                .securityContext(c -> c.securityContextRepository(CONTEXTS))
                .requestCache(c -> c.requestCache(requestCache))
                .formLogin(f -> f
                        .loginPage("/portal/login")
                        .successHandler(loggedIn)
                        .failureHandler((request, response, e) -> response.sendRedirect(request.getContextPath()
                                + (e instanceof LockedException ? "/portal/login?locked" : "/portal/login?error"))))
                .logout(l -> l
                        .logoutUrl("/portal/logout")
                        .logoutSuccessUrl("/portal/login?logout")
                        // the session may hold a staff login of the same browser; only the member's is ended
                        .invalidateHttpSession(false))
                // the one-click unsubscribe of mail programs (RFC 8058) posts without a form; the signed token in
                // the link is what authorises it
                .csrf(c -> c.ignoringRequestMatchers("/portal/unsubscribe"))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterBefore(new LoginRateLimitFilter(rateLimits), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /** Checks a member's email and password, counting failures towards the lockout. */
    static final class MemberAuthentication implements AuthenticationProvider {

        private final MemberLogins logins;
        private final Members members;
        private final String unknownHash;

        MemberAuthentication(MemberLogins logins, Members members) {
            this.logins = logins;
            this.members = members;
            // an unknown email costs as much time as a known one, so timing does not tell which emails exist
            this.unknownHash = logins.hash(java.util.UUID.randomUUID().toString());
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            var email = MemberLogins.normalised(authentication.getName());
            var password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
            var login = logins.byEmail(email);
            if (login.isEmpty()) {
                logins.matches(password, unknownHash);
                throw new BadCredentialsException("unknown email or wrong password");
            }
            if (login.get().lockedAt(logins.now())) {
                throw new LockedException("locked after too many failed logins");
            }
            if (!logins.matches(password, login.get().passwordHash())) {
                logins.failed(login.get().memberId());
                throw new BadCredentialsException("unknown email or wrong password");
            }
            var member = members.find(new MemberId(login.get().memberId()));
            if (member.isEmpty() || member.get().status() != MemberStatus.ACTIVE) {
                throw new DisabledException("the membership is not active");
            }
            logins.succeeded(login.get().memberId());
            var principal = new MemberPrincipal(login.get().memberId(), login.get().email());
            return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** Slows down password guessing from one address, whichever emails it tries. */
    static final class LoginRateLimitFilter extends OncePerRequestFilter {

        private final RateLimits rateLimits;

        LoginRateLimitFilter(RateLimits rateLimits) {
            this.rateLimits = rateLimits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("POST".equals(request.getMethod()) && "/portal/login".equals(request.getServletPath())
                    && !rateLimits.tryAcquire(LOGIN_ATTEMPTS, request.getRemoteAddr())) {
                response.sendRedirect(request.getContextPath() + "/portal/login?throttled");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
