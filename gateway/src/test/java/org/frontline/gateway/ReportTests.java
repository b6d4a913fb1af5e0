package org.frontline.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.picture.Metric;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The shipped templates render from the picture in JSON, CSV and XLSX with the same numbers, a totals row equal to
 * the sum of the rows and to the district's own figures, and the caller's scope applied. Districts 310141, 310142.
 */
@QuarkusTest
@FrontlineTest
class ReportTests {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final String DISTRICT = "310141";
    static final String XINGFU = "310141001001";
    static final String FORMULA = "310141001002";
    static final String GUANGMING = "310141002001";
    static final String OTHER = "310142001001";
    static final String FORMULA_NAME = "=HYPERLINK(\"http://x.example\",\"点我\")";
    static final List<String> OURS = List.of(XINGFU, FORMULA, GUANGMING);

    @Inject
    DataSource dataSource;
    @Inject
    KpiReader kpi;

    ReportData data;
    String officer = TestTokens.token("qin", "district-officer", DISTRICT);

    @BeforeEach
    void picture() {
        TestDatabase db = new TestDatabase(dataSource);
        data = new ReportData(db);
        data.area(DISTRICT, "测试区", "Test District");
        data.area(XINGFU, "幸福社区", "Xingfu Community");
        data.area(FORMULA, FORMULA_NAME, "-1+1");
        data.area(GUANGMING, "光明社区", null);
        data.area(OTHER, "他区社区", "Elsewhere");
        data.typical(XINGFU, DAY, 1, true);
        data.typical(FORMULA, DAY, 2, true);
        data.typical(GUANGMING, DAY, 3, false); // no stock known: lowestDaysOfCover null
        data.typical(OTHER, DAY, 4, true);
        data.write();
    }

    @ParameterizedTest
    @ValueSource(strings = {"daily-epidemic", "staffing", "supplies"})
    void everyShippedTemplateRendersInAllThreeFormatsWithTheSameNumbersAndTotals(String name) throws Exception {
        // JSON
        JsonPath json = render(name, "json").then().statusCode(200)
                .header("Content-Disposition", is("attachment; filename=\"" + name + "-" + DISTRICT + "-" + DAY + ".json\""))
                .extract().jsonPath();
        assertThat(json.getString("template.name")).isEqualTo(name);
        assertThat(json.getInt("template.version")).isGreaterThanOrEqualTo(1);
        LocalDate from = LocalDate.parse(json.getString("from"));
        assertThat(json.getString("to")).isEqualTo(DAY.toString());
        assertThat(from).isEqualTo(name.equals("staffing") ? DAY.minusDays(6) : DAY);
        List<String> metrics = json.getList("columns.metric");
        assertThat(metrics).isNotEmpty();
        assertThat(json.getList("rows.code", String.class)).containsExactlyElementsOf(OURS);
        assertThat(json.getString("rows.find { it.code == '" + XINGFU + "' }.name")).isEqualTo("幸福社区");

        Map<String, Map<String, BigDecimal>> byCode = new java.util.LinkedHashMap<>();
        for (String code : OURS) {
            Map<String, Object> values = json.getMap("rows.find { it.code == '" + code + "' }.values");
            Map<String, BigDecimal> row = new java.util.LinkedHashMap<>();
            for (String key : metrics) {
                Metric metric = Metric.byKey(key).orElseThrow();
                BigDecimal expected = data.expected(code, metric, from, DAY);
                assertThat(values).containsKey(key);
                BigDecimal got = number(values.get(key));
                if (expected == null) {
                    assertThat(got).as("%s %s of %s", name, key, code).isNull();
                } else {
                    assertThat(got).as("%s %s of %s", name, key, code).isEqualByComparingTo(expected);
                }
                row.put(key, got);
            }
            byCode.put(code, row);
        }
        // totals: the sum of the rows (LOWEST the lowest, coverage from the summed parts) and the district's own figures
        Map<Metric, BigDecimal> district = QuarkusTransaction.requiringNew()
                .call(() -> kpi.figures(List.of(DISTRICT), from, DAY).get(DISTRICT));
        Map<String, Object> totals = json.getMap("totals");
        for (String key : metrics) {
            Metric metric = Metric.byKey(key).orElseThrow();
            BigDecimal total = number(totals.get(key));
            switch (metric.kind()) {
                case FLOW, LEVEL, SUM -> assertThat(total).as("total %s", key).isEqualByComparingTo(
                        byCode.values().stream().map(r -> r.get(key)).reduce(BigDecimal.ZERO, BigDecimal::add));
                case LOWEST -> assertThat(total).as("total %s", key).isEqualByComparingTo(byCode.values().stream()
                        .map(r -> r.get(key)).filter(java.util.Objects::nonNull).min(BigDecimal::compareTo).orElseThrow());
                case RATIO -> {
                    BigDecimal target = BigDecimal.ZERO;
                    BigDecimal reached = BigDecimal.ZERO;
                    for (String code : OURS) {
                        target = target.add(data.expected(code, Metric.CAMPAIGN_TARGET, from, DAY));
                        reached = reached.add(data.expected(code, Metric.CAMPAIGN_REACHED, from, DAY));
                    }
                    assertThat(total).isEqualByComparingTo(reached.multiply(BigDecimal.valueOf(100))
                            .divide(target, 1, java.math.RoundingMode.HALF_UP));
                }
            }
            assertThat(total).as("total %s = the district's own figure", key).isEqualByComparingTo(district.get(metric));
        }

        // CSV: BOM, Chinese and English headers, the same numbers, the totals row
        Response csvResponse = render(name, "csv");
        csvResponse.then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", is("attachment; filename=\"" + name + "-" + DISTRICT + "-" + DAY + ".csv\""));
        byte[] csvBytes = csvResponse.asByteArray();
        assertThat(csvBytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(csvBytes, StandardCharsets.UTF_8).substring(1);
        List<List<String>> csv = parseCsv(text);
        List<String> header = csv.get(0);
        assertThat(header.subList(0, 3)).containsExactly("代码 Code", "名称 Name", "英文名称 Name (English)");
        List<Map<String, Object>> columns = json.getList("columns");
        for (int c = 0; c < columns.size(); c++) {
            assertThat(header.get(3 + c)).isEqualTo(columns.get(c).get("labelZh") + " " + columns.get(c).get("label"));
        }
        assertThat(csv).hasSize(OURS.size() + 2);
        for (int r = 0; r < OURS.size(); r++) {
            List<String> line = csv.get(1 + r);
            assertThat(line.get(0)).isEqualTo(OURS.get(r));
            for (int c = 0; c < metrics.size(); c++) {
                assertThat(cell(line.get(3 + c))).as("csv %s %s", OURS.get(r), metrics.get(c))
                        .isEqualTo(byCode.get(OURS.get(r)).get(metrics.get(c)));
            }
        }
        List<String> totalLine = csv.get(csv.size() - 1);
        assertThat(totalLine.get(0)).isEqualTo("合计 Total");
        for (int c = 0; c < metrics.size(); c++) {
            assertThat(cell(totalLine.get(3 + c))).isEqualByComparingTo(number(totals.get(metrics.get(c))));
        }

        // XLSX read back: typed numeric cells with the same numbers, the header row frozen, the sheet named after it
        Response xlsxResponse = render(name, "xlsx");
        xlsxResponse.then().statusCode(200)
                .contentType(is("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header("Content-Disposition", is("attachment; filename=\"" + name + "-" + DISTRICT + "-" + DAY + ".xlsx\""));
        byte[] xlsx = xlsxResponse.asByteArray();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getFirstSheet();
            assertThat(sheet.getName()).isEqualTo(name);
            List<Row> rows = sheet.read();
            assertThat(rows).hasSize(OURS.size() + 2);
            assertThat(rows.get(0).getCell(0).asString()).isEqualTo("代码 Code");
            assertThat(rows.get(0).getCell(3).asString()).isEqualTo(header.get(3));
            for (int r = 0; r < OURS.size(); r++) {
                Row row = rows.get(1 + r);
                assertThat(row.getCell(0).asString()).isEqualTo(OURS.get(r));
                for (int c = 0; c < metrics.size(); c++) {
                    BigDecimal expected = byCode.get(OURS.get(r)).get(metrics.get(c));
                    var cell = row.getCellCount() > 3 + c ? row.getCell(3 + c) : null;
                    if (expected == null) {
                        assertThat(cell == null || cell.getType() == CellType.EMPTY).isTrue();
                    } else {
                        assertThat(cell.getType()).as("xlsx %s %s", OURS.get(r), metrics.get(c)).isEqualTo(CellType.NUMBER);
                        assertThat(cell.asNumber()).isEqualByComparingTo(expected);
                    }
                }
            }
            Row total = rows.get(rows.size() - 1);
            assertThat(total.getCell(0).asString()).isEqualTo("合计 Total");
            for (int c = 0; c < metrics.size(); c++) {
                assertThat(total.getCell(3 + c).getType()).isEqualTo(CellType.NUMBER);
                assertThat(total.getCell(3 + c).asNumber()).isEqualByComparingTo(number(totals.get(metrics.get(c))));
            }
        }
        String sheetXml = zipEntry(xlsx, "xl/worksheets/sheet1.xml");
        assertThat(sheetXml).containsPattern("<pane[^>]*ySplit=\"1\"[^>]*state=\"frozen\"|<pane[^>]*state=\"frozen\"[^>]*ySplit=\"1\"");
        assertThat(sheetXml).contains("<col ");
    }

    @Test
    void theCsvShowsChineseNamesAndNeutralisesTextThatLooksLikeAFormula() {
        String text = new String(render("daily-epidemic", "csv").then().statusCode(200).extract().asByteArray(),
                StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF代码 Code,名称 Name");
        assertThat(text).contains("幸福社区", "光明社区", "筛查人次 Screened", "\r\n");
        List<List<String>> csv = parseCsv(text.substring(1));
        List<String> formula = csv.stream().filter(l -> l.get(0).equals(FORMULA)).findFirst().orElseThrow();
        assertThat(formula.get(1)).isEqualTo("'" + FORMULA_NAME);
        assertThat(formula.get(2)).isEqualTo("'-1+1");
        // quoted as RFC 4180 says (the name holds quotes and commas)
        assertThat(text).contains(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点我\"\")\",");
    }

    @Test
    void theReportSaysHowFreshThePictureIs() {
        TestDatabase db = new TestDatabase(dataSource);
        Object before = db.query("select newest_event_at from projection_state where id = 1").get(0).get("newest_event_at");
        try {
            // the projection keeps this row; the test sets it for a moment and puts back what it found
            db.execute("update projection_state set newest_event_at = null where id = 1");
            assertThat(render("supplies", "csv").then().statusCode(200).extract().header("Frontline-Newest-Event-At"))
                    .isNull();
            assertThat(render("supplies", "json").then().extract().jsonPath().getString("newestEventAt")).isNull();
            java.time.Instant newest = java.time.Instant.parse("2026-11-20T08:15:30Z");
            db.execute("update projection_state set newest_event_at = ? where id = 1",
                    java.sql.Timestamp.from(newest));
            for (String format : List.of("csv", "xlsx", "json")) {
                String header = render("supplies", format).then().statusCode(200).extract()
                        .header("Frontline-Newest-Event-At");
                assertThat(OffsetDateTime.parse(header).toInstant()).isEqualTo(newest);
            }
            String field = render("supplies", "json").then().extract().jsonPath().getString("newestEventAt");
            assertThat(OffsetDateTime.parse(field).toInstant()).isEqualTo(newest);
        } finally {
            db.execute("update projection_state set newest_event_at = ? where id = 1", before);
        }
    }

    @Test
    void aDistrictOfficerReadsOwnDistrictOnlyAndACoordinatorReadsTheCity() {
        given().auth().oauth2(officer).queryParam("area", "310142").queryParam("date", DAY.toString())
                .when().get("/api/v1/reports/daily-epidemic").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(officer).queryParam("area", OTHER).queryParam("format", "csv")
                .when().get("/api/v1/reports/staffing").then().statusCode(403);
        // default area: the caller's own; default date: today in the city
        JsonPath own = given().auth().oauth2(officer).when().get("/api/v1/reports/daily-epidemic").then().statusCode(200)
                .extract().jsonPath();
        assertThat(own.getString("area")).isEqualTo(DISTRICT);
        assertThat(own.getString("date")).isEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).toString());
        assertThat(own.getList("rows.code", String.class)).allMatch(c -> c.startsWith(DISTRICT));

        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        given().auth().oauth2(coordinator).queryParam("area", "3101").queryParam("date", DAY.toString())
                .when().get("/api/v1/reports/daily-epidemic").then().statusCode(200)
                .body("rows.code", everyItem(startsWith("3101")))
                .body("rows.code", hasItem(XINGFU)).body("rows.code", hasItem(OTHER));
        given().auth().oauth2(coordinator).queryParam("area", "310142").queryParam("date", DAY.toString())
                .when().get("/api/v1/reports/supplies").then().statusCode(200)
                .body("rows.code", everyItem(startsWith("310142")));
        // a worker of one community: only that community
        String worker = TestTokens.token("wu", "community-worker", XINGFU);
        given().auth().oauth2(worker).queryParam("area", DISTRICT).when().get("/api/v1/reports/supplies")
                .then().statusCode(403);
        given().auth().oauth2(worker).queryParam("date", DAY.toString()).when().get("/api/v1/reports/supplies")
                .then().statusCode(200).body("rows.code", is(List.of(XINGFU)));
        // residents and volunteers read no reports
        given().auth().oauth2(TestTokens.token("li", "resident", DISTRICT)).when().get("/api/v1/reports/supplies")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.token("li", "volunteer", DISTRICT)).when().get("/api/v1/reports")
                .then().statusCode(403);
    }

    @Test
    void theListNamesTheShippedTemplatesAndBadRequestsAreNamed() {
        JsonPath list = given().auth().oauth2(officer).when().get("/api/v1/reports").then().statusCode(200)
                .extract().jsonPath();
        assertThat(list.getList("items.name", String.class)).contains("daily-epidemic", "staffing", "supplies");
        assertThat(list.getString("items.find { it.name == 'daily-epidemic' }.titleZh")).isEqualTo("疫情防控日报");
        assertThat(list.getString("items.find { it.name == 'staffing' }.departmentZh")).isEqualTo("民政");
        assertThat(list.getString("items.find { it.name == 'supplies' }.department")).isEqualTo("Emergency management");
        given().auth().oauth2(officer).when().get("/api/v1/reports/supplies/versions").then().statusCode(200)
                .body("items[0].version", is(1)).body("items[0].createdBy", is("frontline"));

        bad("format", "pdf", "format");
        bad("date", "2026-13-01", "date");
        bad("date", "+999999999-12-31", "date");
        bad("date", "-999999999-01-01", "date");
        bad("area", "31014", "area");
        bad("version", "zero", "version");
        given().auth().oauth2(officer).queryParam("area", DISTRICT).when().get("/api/v1/reports/no-such-report")
                .then().statusCode(404);
        given().auth().oauth2(officer).queryParam("version", 99).when().get("/api/v1/reports/supplies")
                .then().statusCode(404);
        given().auth().oauth2(officer).when().get("/api/v1/reports/no-such-report/versions").then().statusCode(404);
        given().when().get("/api/v1/reports").then().statusCode(401);
    }

    private void bad(String param, String value, String field) {
        given().auth().oauth2(officer).queryParam(param, value).when().get("/api/v1/reports/daily-epidemic")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is(field));
    }

    private Response render(String name, String format) {
        return given().auth().oauth2(officer).queryParam("area", DISTRICT).queryParam("date", DAY.toString())
                .queryParam("format", format).when().get("/api/v1/reports/" + name);
    }

    static BigDecimal number(Object value) {
        return value == null ? null : new BigDecimal(value.toString());
    }

    static BigDecimal cell(String text) {
        return text.isEmpty() ? null : new BigDecimal(text);
    }

    /** RFC 4180: fields split by commas, records by CRLF, quoted fields may hold both and "" for a quote. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    static String zipEntry(byte[] zip, String name) throws java.io.IOException {
        // a file, not a ZipInputStream: fastexcel writes ZIP64 data descriptors the stream reader misreads
        java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".xlsx");
        try {
            java.nio.file.Files.write(file, zip);
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
                ZipEntry entry = z.getEntry(name);
                if (entry == null) {
                    throw new AssertionError("no " + name + " in the workbook");
                }
                return new String(z.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
