package io.loyaltydesk.portal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a portal handler that needs a recent password: when the member logged in (or last confirmed their
 * password) longer ago than {@code loyaltydesk.portal.fresh-login} (10 minutes by default), the request does not
 * reach the handler; the member is sent to {@code /portal/confirm-password} and, once the password is confirmed,
 * back to the page they came from (a GET handler: the page itself; a POST handler: the page that posted, so the
 * member submits again). Put it on any {@code /portal/**} handler method, or on a controller class for all of its
 * handlers:
 *
 * <pre>{@code
 * @PostMapping("/portal/rewards/{id}/redeem")
 * @PreAuthorize(...)
 * @FreshLogin
 * String redeem(...) { ... }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FreshLogin {
}
