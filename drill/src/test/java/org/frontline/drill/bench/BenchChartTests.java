package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchChartTests {

    @TempDir
    Path dir;

    @Test
    void theChartIsANonEmptyPngOfTwoStackedPanels() throws Exception {
        Path png = dir.resolve("sub/result.png");
        BenchChart.write(BenchFixtures.benchmark(40), png);
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(10_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(BenchChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(2 * BenchChart.HEIGHT_EACH);
        // something was drawn in both panels: not one colour
        assertThat(colours(image, 0)).isGreaterThan(10);
        assertThat(colours(image, BenchChart.HEIGHT_EACH)).isGreaterThan(10);
    }

    @Test
    void anEmptySeriesStillDraws() throws Exception {
        Benchmark b = BenchFixtures.benchmark(40);
        Benchmark empty = new Benchmark(b.scenario(), b.runId(), b.cityCode(), b.startedAt(), b.finishedAt(), b.plan(),
                b.steps(), b.totals(), b.targets(), b.memory(), List.of(), null, List.of(), null);
        Path png = dir.resolve("empty.png");
        BenchChart.write(empty, png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(BenchChart.WIDTH);
    }

    @Test
    void theChartGoesBesideTheResult() {
        assertThat(Surge.chartPath(Path.of("drill-results/citywide-surge-3901.json")))
                .isEqualTo(Path.of("drill-results/citywide-surge-3901.png"));
        assertThat(Surge.chartPath(Path.of("out"))).isEqualTo(Path.of("out.png"));
    }

    private static long colours(BufferedImage image, int top) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = top; y < top + BenchChart.HEIGHT_EACH; y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
