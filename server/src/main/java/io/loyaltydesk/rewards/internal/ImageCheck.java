package io.loyaltydesk.rewards.internal;

import io.loyaltydesk.platform.CommandRefusedException;
import java.util.Arrays;

/**
 * Reward images: PNG, JPEG or WebP up to 2 MB, recognised by their first bytes rather than by what the upload
 * claims. SVG is refused: it can carry scripts.
 */
public final class ImageCheck {

    public static final int BYTES_MAX = 2 * 1024 * 1024;

    private ImageCheck() {
    }

    /** The content type of the image, or a refusal naming the field. */
    public static String contentType(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw new CommandRefusedException.InvalidInput(field, "choose an image file");
        }
        if (bytes.length > BYTES_MAX) {
            throw new CommandRefusedException.InvalidInput(field, "must be at most 2 MB");
        }
        if (starts(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(bytes, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (bytes.length > 12 && starts(bytes, 'R', 'I', 'F', 'F')
                && Arrays.equals(Arrays.copyOfRange(bytes, 8, 12), "WEBP".getBytes())) {
            return "image/webp";
        }
        throw new CommandRefusedException.InvalidInput(field, "must be a PNG, JPEG or WebP image");
    }

    private static boolean starts(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
