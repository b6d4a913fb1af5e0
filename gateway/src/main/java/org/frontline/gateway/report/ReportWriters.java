package org.frontline.gateway.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The CSV and XLSX layouts of a report: a header row (Chinese and English label), the code and names first, one row
 * per area, then the totals row "合计 Total".
 */
public final class ReportWriters {

    public static final String CSV = "text/csv";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String TOTAL = "合计 Total";

    private ReportWriters() {
    }

    static List<String> header(Report report) {
        List<String> header = new ArrayList<>(List.of("代码 Code", "名称 Name", "英文名称 Name (English)"));
        report.columns().forEach(c -> header.add(c.labelZh() + " " + c.label()));
        return header;
    }

    /** UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting, formula-like text neutralised. */
    public static byte[] csv(Report report) {
        StringBuilder out = new StringBuilder("\uFEFF");
        line(out, header(report).stream().map(ReportWriters::text).toList());
        for (Report.Row row : report.rows()) {
            List<String> cells = new ArrayList<>(List.of(text(row.code()), text(row.name()), text(row.nameEn())));
            report.columns().forEach(c -> cells.add(number(row.values().get(c.metric()))));
            line(out, cells);
        }
        List<String> totals = new ArrayList<>(List.of(text(TOTAL), "", ""));
        report.columns().forEach(c -> totals.add(number(report.totals().get(c.metric()))));
        line(out, totals);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append(String.join(",", cells)).append("\r\n");
    }

    private static String number(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    /** A text cell: neutralised, then quoted when it holds a comma, a quote or a line break. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        String safe = neutralise(value);
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    /**
     * Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) gets a
     * leading apostrophe, so an area name cannot run anything when the file is opened.
     */
    static String neutralise(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    /**
     * One sheet named after the template: the header row in bold and frozen, numbers as numeric cells, the totals
     * row as numbers (not formulas) in bold.
     */
    public static byte[] xlsx(Report report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(bytes, "Frontline", "1.0")) {
            String sheetName = report.template().name();
            Worksheet sheet = workbook.newWorksheet(sheetName.length() > 31 ? sheetName.substring(0, 31) : sheetName);
            List<String> header = header(report);
            for (int c = 0; c < header.size(); c++) {
                sheet.value(0, c, header.get(c));
                sheet.width(c, c == 0 ? 16 : Math.max(14, Math.min(40, header.get(c).length() * 1.6)));
            }
            sheet.style(0, 0).bold().set();
            sheet.range(0, 0, 0, header.size() - 1).style().bold().wrapText(true).set();
            sheet.freezePane(0, 1);
            int r = 1;
            for (Report.Row row : report.rows()) {
                sheet.value(r, 0, row.code());
                if (row.name() != null) {
                    sheet.value(r, 1, row.name());
                }
                if (row.nameEn() != null) {
                    sheet.value(r, 2, row.nameEn());
                }
                for (int c = 0; c < report.columns().size(); c++) {
                    BigDecimal value = row.values().get(report.columns().get(c).metric());
                    if (value != null) {
                        sheet.value(r, 3 + c, value);
                    }
                }
                r++;
            }
            sheet.value(r, 0, TOTAL);
            for (int c = 0; c < report.columns().size(); c++) {
                BigDecimal value = report.totals().get(report.columns().get(c).metric());
                if (value != null) {
                    sheet.value(r, 3 + c, value);
                }
            }
            sheet.range(r, 0, r, header.size() - 1).style().bold().set();
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
