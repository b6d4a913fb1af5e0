package org.frontline.drill.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The benchmark's chart (XChart, PNG, drawn headless): two charts stacked in one image over the same seconds — on top
 * the bulk records/s the plan asked for and those the suite accepted, below the event-to-dashboard lag p99 and the
 * bulk request latency p99 of each second, with the 1 s lag target as a line.
 */
public final class BenchChart {

    public static final int WIDTH = 1400;
    public static final int HEIGHT_EACH = 520;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private BenchChart() {
    }

    /** Draws {@code b}'s series into {@code png} ({@value #WIDTH} × 2·{@value #HEIGHT_EACH} pixels). */
    public static void write(Benchmark b, Path png) throws IOException {
        List<Benchmark.Second> series = b.series() == null ? List.of() : b.series();
        double[] t = new double[Math.max(1, series.size())];
        double[] target = new double[t.length];
        double[] achieved = new double[t.length];
        double[] lag = new double[t.length];
        double[] latency = new double[t.length];
        for (int i = 0; i < series.size(); i++) {
            Benchmark.Second s = series.get(i);
            t[i] = s.t();
            target[i] = s.target();
            achieved[i] = s.achieved();
            lag[i] = s.lagP99Ms() == null ? Double.NaN : s.lagP99Ms();
            latency[i] = s.latencyP99Ms() == null ? Double.NaN : s.latencyP99Ms();
        }
        String when = b.startedAt() == null ? "" : " — " + b.startedAt().toLocalDate();
        String machine = b.machine() == null ? "" : String.format(Locale.ROOT, ", %s cores", b.machine().nproc());

        XYChart top = chart("Screening records/s through the gateway's bulk endpoint" + when + machine, "records/s");
        line(top.addSeries("target (open-loop plan)", t, target), new Color(0x888888), true);
        line(top.addSeries("accepted", t, achieved), new Color(0x1f77b4), false);

        XYChart bottom = chart("Event-to-dashboard lag (2xx → kpi event on the SSE stream) and request latency, p99 per second",
                "ms");
        line(bottom.addSeries("lag p99", t, lag), new Color(0xd62728), false);
        line(bottom.addSeries("bulk latency p99 (from due)", t, latency), new Color(0x2ca02c), false);
        double[] oneSecond = new double[t.length];
        java.util.Arrays.fill(oneSecond, Tally.TARGET_LAG_P99_MS);
        line(bottom.addSeries("lag target 1 s", t, oneSecond), new Color(0x888888), true);

        phases(b, top, true);
        phases(b, bottom, false);

        BufferedImage image = new BufferedImage(WIDTH, 2 * HEIGHT_EACH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(top), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(bottom), 0, HEIGHT_EACH, null);
        } finally {
            g.dispose();
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /** A dotted line where each phase starts; on the top chart its name and rate above it. */
    private static void phases(Benchmark b, XYChart c, boolean named) {
        if (b.steps() == null || b.steps().isEmpty()) {
            return;
        }
        double top = b.steps().stream().mapToInt(Benchmark.Step::target).max().orElse(1);
        int from = 0;
        for (Benchmark.Step s : b.steps()) {
            if (from > 0) {
                c.addAnnotation(new AnnotationLine(from, true, false));
            }
            if (named) {
                c.addAnnotation(new AnnotationText(String.format(Locale.ROOT, "%s: %,d/s", s.name(), s.target()),
                        from + s.seconds() / 2.0, top * 0.08, false));
            }
            from += s.seconds();
        }
        c.getStyler().setAnnotationLineColor(new Color(0xaaaaaa));
        c.getStyler().setAnnotationLineStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {2f, 4f}, 0f));
        c.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        c.getStyler().setAnnotationTextFontColor(new Color(0x444444));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT_EACH).title(title).xAxisTitle("seconds since the start")
                .yAxisTitle(yTitle).build();
        Styler s = c.getStyler();
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setChartBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setPlotGridLinesVisible(true);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        c.getStyler().setYAxisDecimalPattern("#,##0");
        return c;
    }

    private static void line(XYSeries s, Color color, boolean dashed) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f) : new BasicStroke(2.5f));
    }
}
