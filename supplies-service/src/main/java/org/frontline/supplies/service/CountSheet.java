package org.frontline.supplies.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.Styles;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * Reads a count sheet (CSV or XLSX) into text rows, columns found by their header (README "Count sheet"):
 * {@code itemCode}, {@code lotCode}, {@code quantity} and optionally {@code expiresOn}, in any order, header case
 * ignored. Row numbers are the sheet's (the header is row 1); blank rows are skipped. Anything unreadable — not
 * UTF-8, not a workbook, a workbook that inflates too far, too many rows, a missing column — is a 422 naming what.
 * Only the first sheet of a workbook is read, streamed (only the header's columns are kept); a formula cell gives
 * its cached value.
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

    /** The most bytes all parts of a workbook may inflate to together (a 5,000-row sheet is about 1 MB of XML). */
    static final long MAX_INFLATED = 16L * 1024 * 1024;
    /** The most parts (zip entries) a workbook may have. */
    static final int MAX_PARTS = 1000;

    /**
     * Streams the first sheet of a workbook (POI's event API: {@link XSSFReader} + {@link XSSFSheetXMLHandler}), so
     * nothing but the cells of the header's columns is kept: cells of other columns (even one in column XFD) are
     * ignored as they pass, other sheets are never parsed. Before POI opens the package, its parts are inflated
     * once and counted: more than {@link #MAX_INFLATED} bytes in all, or more than {@link #MAX_PARTS} parts, is a
     * 422 (a zip bomb stops at the cap, never inflates further).
     */
    static List<SheetRow> xlsx(byte[] bytes, int maxRows) {
        checkInflated(bytes);
        // per-part zip-bomb limits as well: a part may not inflate more than 100× nor beyond 10 MB
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(10L * 1024 * 1024);
        ZipSecureFile.setMaxTextSize(10L * 1024 * 1024);
        FirstSheet collector = new FirstSheet(maxRows);
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(bytes))) {
            XSSFReader reader = new XSSFReader(pkg);
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            if (!sheets.hasNext()) {
                throw invalid("file", "the workbook has no sheet");
            }
            SharedStrings strings = new ReadOnlySharedStringsTable(pkg, false);
            Styles styles = reader.getStylesTable();
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(styles, strings, collector, new PlainFormatter(),
                        false));
                parser.parse(new InputSource(sheet));
            } catch (TooManyRows e) {
                throw invalid("file", "the sheet has more than " + maxRows + " rows");
            }
        } catch (ProblemException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            // not a zip, not a workbook, a zip bomb, an encrypted file …
            throw invalid("file", "the sheet is not a readable XLSX workbook (" + e.getClass().getSimpleName() + ")");
        }
        return collector.rows();
    }

    /** Inflates every part once, counting: a 422 as soon as the total passes the cap. */
    private static void checkInflated(byte[] bytes) {
        long total = 0;
        int parts = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (++parts > MAX_PARTS) {
                    throw invalid("file", "the workbook has more than " + MAX_PARTS + " parts");
                }
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    total += n;
                    if (total > MAX_INFLATED) {
                        throw invalid("file", "the workbook inflates to more than " + MAX_INFLATED / (1024 * 1024)
                                + " MB; save only the count sheet");
                    }
                }
            }
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw invalid("file", "the sheet is not a readable XLSX workbook (" + e.getClass().getSimpleName() + ")");
        }
        if (parts == 0) {
            throw invalid("file", "the sheet is not a readable XLSX workbook (no parts)");
        }
    }

    /** Numbers as plain decimals without trailing zeros, date-formatted numbers as yyyy-mm-dd. */
    static final class PlainFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                return DateUtil.getLocalDateTime(value).toLocalDate().toString();
            }
            return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                    : String.valueOf(value);
        }
    }

    private static final class TooManyRows extends RuntimeException {
        TooManyRows() {
            super(null, null, false, false);
        }
    }

    /**
     * Collects the first sheet as it streams by: the first non-blank row is the header (its columns found by
     * name); of every later row only the header's columns are kept. Stops after {@code maxRows} data rows.
     */
    static final class FirstSheet implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final int maxRows;
        /** Column index → column name; null until the header is read. */
        private Map<Integer, String> columns;
        private final List<SheetRow> rows = new ArrayList<>();
        /** The current row's cells of our column names while the header is looked for (-1: some other text). */
        private final Map<Integer, String> headerCells = new HashMap<>();
        private Map<String, String> current;
        private int rowNo;
        private int nextCol;

        FirstSheet(int maxRows) {
            this.maxRows = maxRows;
        }

        @Override
        public void startRow(int rowNum) {
            rowNo = rowNum + 1;
            nextCol = 0;
            headerCells.clear();
            current = new HashMap<>();
        }

        @Override
        public void cell(String ref, String value, XSSFComment comment) {
            int col = ref == null ? nextCol : new CellReference(ref).getCol();
            nextCol = col + 1;
            String text = value == null ? "" : value.strip();
            if (text.isEmpty()) {
                return;
            }
            if (columns == null) {
                String name = canonical(text);
                if (name != null && col >= 0) {
                    if (headerCells.containsValue(name)) {
                        throw invalid(List.of(new RowError(rowNo, name, "the column appears twice in the header")));
                    }
                    headerCells.put(col, name);
                } else {
                    headerCells.putIfAbsent(-1, ""); // a cell of no column of ours: this is still the header row
                }
            } else {
                String name = columns.get(col);
                if (name != null) {
                    current.put(name, text); // cells of other columns are dropped as they pass
                }
            }
        }

        @Override
        public void endRow(int rowNum) {
            if (columns == null) {
                if (headerCells.isEmpty()) {
                    return; // blank rows before the header
                }
                columns = new HashMap<>();
                headerCells.forEach((col, name) -> {
                    if (col >= 0) {
                        columns.put(col, name);
                    }
                });
                List<RowError> errors = new ArrayList<>();
                for (String required : REQUIRED) {
                    if (!columns.containsValue(required)) {
                        errors.add(new RowError(rowNo, required, "the header has no " + required + " column"));
                    }
                }
                if (!errors.isEmpty()) {
                    throw invalid(errors);
                }
                return;
            }
            if (current.isEmpty()) {
                return; // blank in every column of ours
            }
            if (rows.size() == maxRows) {
                throw new TooManyRows();
            }
            rows.add(new SheetRow(rowNo, current));
        }

        List<SheetRow> rows() {
            if (columns == null) {
                throw invalid("file", "the sheet is empty: it needs a header row (itemCode, lotCode, quantity, expiresOn)");
            }
            if (rows.isEmpty()) {
                throw invalid("file", "the sheet has a header but no rows");
            }
            return rows;
        }
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
