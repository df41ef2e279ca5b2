package io.loyaltydesk.engagement;

/** The drawn badge pictures shipped with the server, under {@code /img/badges/<name>.svg}. */
public enum BadgeIcon {
    STAR, CUP, FLAME, MAP, TROPHY, LEAF;

    public String path() {
        return "/img/badges/" + name().toLowerCase() + ".svg";
    }
}
