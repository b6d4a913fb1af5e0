package org.frontline.supplies.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

/**
 * Reads a count sheet (CSV or XLSX) into text rows, columns found by their header (README "Count sheet"):
 * {@code itemCode}, {@code lotCode}, {@code quantity} and optionally {@code expiresOn}, in any order, header case
 * ignored. Row numbers are the sheet's (the header is row 1); blank rows are skipped. Anything unreadable — not
 * UTF-8, not a workbook, a workbook that inflates too far, too many rows, a missing column — is a 422 naming what.
 * Only the first sheet of a workbook is read; a formula cell gives its cached value.
 */
public final class CountSheet {

    public static final String CSV = "text/csv";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final List<String> REQUIRED = List.of("itemCode", "lotCode", "quantity");
    static final String EXPIRES = "expiresOn";

    /** One data row as text, by column name; missing cells are "". */
    public record SheetRow(int rowNo, Map<String, String> cells) {
        public String get(String column) {
            return cells.getOrDefault(column, "");
        }
    }

    /** One problem of a sheet: row (0 = the sheet as a whole, 1 = the header) and column. */
    public record RowError(int row, String column, String message) {
    }

    private CountSheet() {
    }

    /** The 422 answered for an unusable sheet; nothing is stored. */
    public static ProblemException invalid(List<RowError> errors) {
        List<Problem.FieldError> fields = errors.stream().map(e -> new Problem.FieldError(
                e.row() == 0 ? e.column() : "rows[" + e.row() + "]." + e.column(),
                (e.row() == 0 ? "" : "row " + e.row() + ", column " + e.column() + ": ") + e.message())).toList();
        return new ProblemException(422, "invalid-count-sheet", "Invalid count sheet",
                errors.size() == 1 ? fields.get(0).message() : errors.size() + " problems in the sheet; nothing was stored",
                fields).with("rows", errors);
    }

    private static ProblemException invalid(String column, String message) {
        return invalid(List.of(new RowError(0, column, message)));
    }

    public static List<SheetRow> read(String mediaType, byte[] bytes, int maxRows) {
        if (bytes.length == 0) {
            throw invalid("file", "the sheet is empty");
        }
        return XLSX.equals(mediaType) ? xlsx(bytes, maxRows) : csv(bytes, maxRows);
    }

    static List<SheetRow> csv(byte[] bytes, int maxRows) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("file", "the sheet is not UTF-8 text (save it as \"CSV UTF-8\")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte order mark spreadsheet programs write
        }
        List<List<String>> table = new ArrayList<>();
        List<Integer> rowNos = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get()
                .parse(new StringReader(text))) {
            for (CSVRecord record : parser) {
                if (table.size() > maxRows + 1) {
                    break;
                }
                List<String> cells = record.toList();
                if (cells.stream().allMatch(String::isBlank)) {
                    continue; // blank lines are records too, so record numbers stay the sheet's row numbers
                }
                table.add(cells);
                rowNos.add((int) record.getRecordNumber());
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw invalid("file", "the sheet is not valid CSV: " + e.getMessage());
        }
        return rows(table, rowNos, maxRows);
    }

    static List<SheetRow> xlsx(byte[] bytes, int maxRows) {
        // zip-bomb limits: a part may not inflate more than 100× nor beyond 10 MB (a sheet of 5,000 rows is about
        // 1 MB of XML; the workbook is read into memory), text at most 10 M characters
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(10L * 1024 * 1024);
        ZipSecureFile.setMaxTextSize(10L * 1024 * 1024);
        List<List<String>> table = new ArrayList<>();
        List<Integer> rowNos = new ArrayList<>();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            if (book.getNumberOfSheets() == 0) {
                throw invalid("file", "the workbook has no sheet");
            }
            Sheet sheet = book.getSheetAt(0);
            for (Row row : sheet) {
                if (table.size() > maxRows + 1) {
                    break;
                }
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(row.getLastCellNum(), 0); c++) {
                    cells.add(text(row.getCell(c)));
                }
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                table.add(cells);
                rowNos.add(row.getRowNum() + 1);
            }
        } catch (ProblemException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            // not a zip, not a workbook, a zip bomb, an encrypted file …
            throw invalid("file", "the sheet is not a readable XLSX workbook (" + e.getClass().getSimpleName() + ")");
        }
        return rows(table, rowNos, maxRows);
    }

    /** A cell as text: numbers without trailing zeros, dates as yyyy-mm-dd, formulas by their cached value. */
    static String text(Cell cell) {
        if (cell == null) {
            return "";
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue().strip();
            case NUMERIC -> DateUtil.isCellDateFormatted(cell)
                    ? cell.getLocalDateTimeCellValue().toLocalDate().toString()
                    : BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString();
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue()).toUpperCase(Locale.ROOT);
            case ERROR -> "#ERROR";
            default -> "";
        };
    }

    private static List<SheetRow> rows(List<List<String>> table, List<Integer> rowNos, int maxRows) {
        if (table.isEmpty()) {
            throw invalid("file", "the sheet is empty: it needs a header row (itemCode, lotCode, quantity, expiresOn)");
        }
        Map<String, Integer> columns = new HashMap<>();
        List<RowError> errors = new ArrayList<>();
        List<String> header = table.get(0);
        for (int c = 0; c < header.size(); c++) {
            String name = canonical(header.get(c).strip());
            if (name == null) {
                continue; // other columns (a note, a name) are ignored
            }
            if (columns.putIfAbsent(name, c) != null) {
                errors.add(new RowError(rowNos.get(0), name, "the column appears twice in the header"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                errors.add(new RowError(rowNos.get(0), required, "the header has no " + required + " column"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        if (table.size() - 1 > maxRows) {
            throw invalid("file", "the sheet has more than " + maxRows + " rows");
        }
        if (table.size() == 1) {
            throw invalid("file", "the sheet has a header but no rows");
        }
        List<SheetRow> rows = new ArrayList<>();
        for (int r = 1; r < table.size(); r++) {
            List<String> cells = table.get(r);
            Map<String, String> byName = new HashMap<>();
            columns.forEach((name, c) -> byName.put(name, c < cells.size() ? cells.get(c).strip() : ""));
            if (byName.values().stream().allMatch(String::isEmpty)) {
                continue;
            }
            rows.add(new SheetRow(rowNos.get(r), byName));
        }
        return rows;
    }

    private static String canonical(String header) {
        String h = header.replace("\uFEFF", "").replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT);
        return switch (h) {
            case "itemcode", "item" -> "itemCode";
            case "lotcode", "lot" -> "lotCode";
            case "quantity", "counted", "qty" -> "quantity";
            case "expireson", "expiry", "expires" -> EXPIRES;
            default -> null;
        };
    }
}
