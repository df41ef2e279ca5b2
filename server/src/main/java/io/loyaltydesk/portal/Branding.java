package io.loyaltydesk.portal;

import java.time.Instant;

/**
 * How the portal looks to members: the program's name, its accent colour ({@code #RRGGBB}) and whether a logo
 * was uploaded (served at {@code /portal/logo}; the app's logo otherwise).
 */
public record Branding(String programName, String accentColour, boolean hasLogo, String logoType, Instant updatedAt) {

    /** Text colour that reads on the accent: black or white, whichever has more contrast (WCAG luminance). */
    public String accentContrast() {
        double l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
        // contrast against white (1.05 / (l + .05)) versus against black ((l + .05) / .05)
        return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#FFFFFF" : "#000000";
    }

    private double channel(int offset) {
        double c = Integer.parseInt(accentColour.substring(offset, offset + 2), 16) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
