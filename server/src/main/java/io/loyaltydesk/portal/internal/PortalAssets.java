package io.loyaltydesk.portal.internal;

import io.loyaltydesk.portal.PortalBranding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The brand as a stylesheet (the Content-Security-Policy forbids inline styles, so the accent colour comes as CSS
 * custom properties from here), the uploaded logo, the web app manifest that lets phones install the portal, and
 * the page shown when the phone is offline.
 */
@Controller
class PortalAssets {

    static final MediaType MANIFEST = MediaType.parseMediaType("application/manifest+json");
    private static final CacheControl SHORT = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final PortalBranding branding;

    PortalAssets(PortalBranding branding) {
        this.branding = branding;
    }

    @GetMapping(value = "/portal/brand.css", produces = "text/css")
    @PreAuthorize(PortalAccess.PUBLIC)
    ResponseEntity<String> brandCss() {
        var brand = branding.current();
        // the colour is validated as #RRGGBB when saved, so it cannot break out of the declaration
        var css = ":root {\n  --accent: %s;\n  --accent-contrast: %s;\n  --brand: %s;\n  --brand-contrast: %s;\n}\n"
                .formatted(brand.accentColour(), brand.accentContrast(), brand.accentColour(), brand.accentContrast());
        return ResponseEntity.ok().cacheControl(SHORT).contentType(MediaType.parseMediaType("text/css")).body(css);
    }

    @GetMapping("/portal/logo")
    @PreAuthorize(PortalAccess.PUBLIC)
    ResponseEntity<byte[]> logo() {
        return branding.logo()
                .map(logo -> ResponseEntity.ok().cacheControl(SHORT)
                        .contentType(MediaType.parseMediaType(logo.contentType())).body(logo.bytes()))
                .orElseGet(() -> ResponseEntity.status(302).header("Location", "/img/logo.svg").build());
    }

    @GetMapping("/portal/manifest.webmanifest")
    @PreAuthorize(PortalAccess.PUBLIC)
    ResponseEntity<Map<String, Object>> manifest() {
        var brand = branding.current();
        var manifest = new LinkedHashMap<String, Object>();
        manifest.put("name", brand.programName());
        manifest.put("short_name", brand.programName().length() > 12 ? brand.programName().substring(0, 12)
                : brand.programName());
        manifest.put("start_url", "/portal");
        manifest.put("scope", "/portal");
        manifest.put("display", "standalone");
        manifest.put("background_color", "#FFFFFF");
        manifest.put("theme_color", brand.accentColour());
        manifest.put("icons", List.of(Map.of("src", "/img/logo.svg", "sizes", "any", "type", "image/svg+xml",
                "purpose", "any")));
        return ResponseEntity.ok().cacheControl(SHORT).contentType(MANIFEST).body(manifest);
    }

    /** The service worker; served here (not as a static file) so that it may look after {@code /portal} itself. */
    @GetMapping(value = "/portal/sw.js", produces = "text/javascript")
    @PreAuthorize(PortalAccess.PUBLIC)
    ResponseEntity<String> serviceWorker() throws IOException {
        var script = new ClassPathResource("portal/sw.js").getContentAsString(StandardCharsets.UTF_8);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).header("Service-Worker-Allowed", "/portal")
                .contentType(MediaType.parseMediaType("text/javascript")).body(script);
    }

    @GetMapping("/portal/offline")
    @PreAuthorize(PortalAccess.PUBLIC)
    String offline() {
        return "portal/offline";
    }
}
