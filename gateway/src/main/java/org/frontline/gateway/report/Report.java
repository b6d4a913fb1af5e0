package org.frontline.gateway.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A rendered report: the JSON format as it is, and what the CSV and XLSX writers lay out. */
@Schema(description = "A rendered report (format=json)")
public record Report(
        @Schema(required = true) TemplateRef template,
        @Schema(required = true, description = "The area asked for (code prefix)") String area,
        @Schema(required = true, description = "The report date") LocalDate date,
        @Schema(required = true, description = "The first day covered (by the template's date rule)") LocalDate from,
        @Schema(required = true, description = "The last day covered (= date)") LocalDate to,
        @Schema(required = true) List<TemplateDefinition.Column> columns,
        @Schema(required = true, description = "The areas of the template's level inside the area, by code; only "
                + "those every filter holds for") List<Row> rows,
        @Schema(required = true, implementation = Report.Figures.class,
                description = "metric key → the total of the rows shown "
                + "(FLOW and LEVEL: the sum; lowestDaysOfCover: the lowest; campaignCoverage: from the summed "
                + "target and reached); null when no figure is known") Map<String, BigDecimal> totals,
        @Schema(description = "The time of the newest event the picture reflects; null before the first")
        OffsetDateTime newestEventAt) {

    /** Which template (and version) rendered it. */
    @Schema(name = "ReportTemplateRef")
    public record TemplateRef(@Schema(required = true) String name, @Schema(required = true) int version,
            @Schema(required = true) String title, @Schema(required = true) String titleZh) {
    }

    /** A figure in a report: a number, or null when none is known. */
    @Schema(name = "ReportFigure", type = SchemaType.NUMBER, nullable = true,
            description = "A number, or null when no figure is known")
    public static final class Figure {
        private Figure() {
        }
    }

    /** metric key → figure (the schema of {@code values} and {@code totals}). */
    @Schema(name = "ReportFigures", type = SchemaType.OBJECT, additionalProperties = Figure.class)
    public static final class Figures {
        private Figures() {
        }
    }

    /** One area. */
    @Schema(name = "ReportRow")
    public record Row(@Schema(required = true) String code, String name, String nameEn,
            @Schema(required = true, implementation = Report.Figures.class,
                    description = "metric key → number, or null when no "
                    + "figure is known (lowestDaysOfCover, campaignCoverage)") Map<String, BigDecimal> values) {
    }
}
