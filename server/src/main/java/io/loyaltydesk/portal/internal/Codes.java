package io.loyaltydesk.portal.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** The member number as a QR code and a Code 128 barcode, black on white PNGs that any till scanner reads. */
final class Codes {

    private Codes() {
    }

    static byte[] qrPng(String text) {
        try {
            return png(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 360, 360,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2)));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode " + text + " as a QR code", e);
        }
    }

    static byte[] code128Png(String text) {
        // the quiet zone of 10 modules either side is what scanners need to find the code
        return png(new Code128Writer().encode(text, BarcodeFormat.CODE_128, 600, 160,
                Map.of(EncodeHintType.MARGIN, 20)));
    }

    private static byte[] png(BitMatrix matrix) {
        var image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
