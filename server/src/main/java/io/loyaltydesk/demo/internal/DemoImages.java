package io.loyaltydesk.demo.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Flat illustrations for the demo rewards, drawn rather than downloaded: a coloured background, a lighter disc and
 * one simple shape, no text. 400 x 300 PNG; the same bytes on every run.
 */
final class DemoImages {

    static final int WIDTH = 400;
    static final int HEIGHT = 300;

    /** What a reward's picture shows. */
    enum Motif {
        CUP, CROISSANT, BAG, HEART, PERCENT, GIFT, LEAF, CAKE, LOAF, BEAN
    }

    private DemoImages() {
    }

    /** The picture as PNG bytes; {@code background} and {@code shape} are RGB colours such as 0xF4A261. */
    static byte[] png(Motif motif, int background, int shape) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // Spring Boot sets it too; drawing needs no screen
        }
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            var bg = new Color(background);
            g.setColor(bg);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(mix(bg, Color.WHITE, 0.28));
            g.fill(new Ellipse2D.Double(WIDTH / 2.0 - 120, HEIGHT / 2.0 - 120, 240, 240));
            var fg = new Color(shape);
            g.setColor(fg);
            g.setStroke(new BasicStroke(12, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            draw(g, motif, fg, mix(bg, Color.WHITE, 0.28));
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Motif motif, Color fg, Color disc) {
        switch (motif) {
            case CUP -> {
                var body = new Path2D.Double();
                body.moveTo(140, 130);
                body.lineTo(240, 130);
                body.lineTo(228, 205);
                body.quadTo(226, 215, 214, 215);
                body.lineTo(166, 215);
                body.quadTo(154, 215, 152, 205);
                body.closePath();
                g.fill(body);
                g.draw(new Arc2D.Double(218, 140, 50, 45, -90, 180, Arc2D.OPEN));
                g.fill(new RoundRectangle2D.Double(120, 220, 140, 14, 14, 14));
                g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int x : new int[] {170, 190, 210}) {
                    g.draw(new QuadCurve2D.Double(x, 115, x - 12, 100, x, 85));
                }
            }
            case CROISSANT -> {
                var crescent = new Area(new Ellipse2D.Double(110, 95, 180, 130));
                crescent.subtract(new Area(new Ellipse2D.Double(140, 150, 120, 110)));
                g.fill(crescent);
                g.setColor(disc);
                g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(160, 105, 175, 150));
                g.draw(new Line2D.Double(200, 97, 200, 145));
                g.draw(new Line2D.Double(240, 105, 225, 150));
            }
            case BAG -> {
                g.fill(new RoundRectangle2D.Double(135, 130, 130, 110, 16, 16));
                g.draw(new Arc2D.Double(165, 85, 70, 90, 0, 180, Arc2D.OPEN));
            }
            case HEART -> {
                var heart = new Path2D.Double();
                heart.moveTo(200, 235);
                heart.curveTo(110, 175, 120, 85, 200, 115);
                heart.curveTo(280, 85, 290, 175, 200, 235);
                heart.closePath();
                g.fill(heart);
            }
            case PERCENT -> {
                g.setStroke(new BasicStroke(14, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Ellipse2D.Double(140, 95, 45, 45));
                g.draw(new Ellipse2D.Double(215, 160, 45, 45));
                g.draw(new Line2D.Double(250, 95, 150, 205));
            }
            case GIFT -> {
                g.fill(new Rectangle2D.Double(140, 150, 120, 85));
                g.fill(new Rectangle2D.Double(130, 125, 140, 28));
                g.setColor(disc);
                g.fill(new Rectangle2D.Double(192, 125, 16, 110));
                g.setColor(fg);
                g.setStroke(new BasicStroke(9, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Ellipse2D.Double(160, 95, 40, 28));
                g.draw(new Ellipse2D.Double(200, 95, 40, 28));
            }
            case LEAF -> {
                var leaf = new Ellipse2D.Double(150, 90, 100, 150);
                g.fill(AffineTransform.getRotateInstance(Math.toRadians(35), 200, 165).createTransformedShape(leaf));
                g.draw(new Line2D.Double(160, 235, 130, 260));
                g.setColor(disc);
                g.setStroke(new BasicStroke(6, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(163, 220, 240, 108));
            }
            case CAKE -> {
                var slice = new Path2D.Double();
                slice.moveTo(120, 225);
                slice.lineTo(280, 225);
                slice.lineTo(280, 145);
                slice.closePath();
                g.fill(slice);
                g.setColor(disc);
                g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(175, 198, 280, 198));
                g.setColor(fg);
                g.fill(new Ellipse2D.Double(255, 112, 32, 32));
            }
            case LOAF -> {
                g.fill(new RoundRectangle2D.Double(110, 125, 180, 95, 90, 90));
                g.setColor(disc);
                g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                for (int x : new int[] {155, 195, 235}) {
                    g.draw(new Line2D.Double(x, 150, x + 22, 185));
                }
            }
            case BEAN -> {
                var rotate = AffineTransform.getRotateInstance(Math.toRadians(-30), 200, 160);
                g.fill(rotate.createTransformedShape(new Ellipse2D.Double(145, 95, 110, 135)));
                g.setColor(disc);
                g.setStroke(new BasicStroke(8, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                var seam = new Path2D.Double();
                seam.moveTo(200, 100);
                seam.curveTo(170, 140, 230, 180, 200, 222);
                g.draw(rotate.createTransformedShape(seam));
            }
        }
    }

    private static Color mix(Color a, Color b, double share) {
        return new Color((int) Math.round(a.getRed() * (1 - share) + b.getRed() * share),
                (int) Math.round(a.getGreen() * (1 - share) + b.getGreen() * share),
                (int) Math.round(a.getBlue() * (1 - share) + b.getBlue() * share));
    }
}
