package org.frontline.gateway.rest;

import java.math.BigDecimal;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.frontline.gateway.picture.Areas;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.picture.Metric;

/** An area with its names, its traffic light and its figures (every metric key; LOWEST and RATIO may be null). */
public record AreaFigures(
        String code,
        @Schema(description = "province, city, district, street or community") String level,
        @Schema(nullable = true) String name,
        @Schema(nullable = true) String nameEn,
        @Schema(description = "red, amber or green (KpiReader.status)") String status,
        Figures figures) {

    static AreaFigures of(String code, KpiReader.AreaInfo info, Map<Metric, BigDecimal> figures) {
        return new AreaFigures(code, Areas.level(code), info == null ? null : info.name(),
                info == null ? null : info.nameEn(), KpiReader.status(figures), Figures.of(figures));
    }

}
