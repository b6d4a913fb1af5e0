package org.frontline.supplies;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.frontline.supplies.service.CountSheet;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Physical counts from CSV and XLSX sheets: preview, confirm through the ledger, discard, bad sheets, scope. */
@QuarkusTest
@FrontlineTest
class CountTests {

    static final String KEEPER = TestTokens.token("ma", "community-worker", "310104099011");
    static final String OTHER_KEEPER = TestTokens.token("he", "community-worker", "310104099012");
    static final String FOREIGN_OFFICER = TestTokens.token("chen", "district-officer", "310105");
    static final String COORDINATOR = TestTokens.token("lin", "coordinator", "3101");

    @Inject
    CoverDriver driver;

    static UUID store(String community) {
        String id = given().auth().oauth2(COORDINATOR).contentType(ContentType.JSON)
                .body(Map.of("areaCode", community, "kind", "COMMUNITY_STORE", "name", "Count store " + community))
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    static io.restassured.response.ValidatableResponse upload(String token, UUID site, String type, byte[] body) {
        return given().auth().oauth2(token).contentType(type).body(body)
                .when().post("/api/v1/sites/" + site + "/counts?fileName=count.csv").then();
    }

    static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCsvCountPreviewsVariancesAndConfirmPostsThemAgainstOnHandThen() {
        UUID site = store("310104099011");
        driver.receive(site, "n95-respirator", "N-A", LocalDate.of(2027, 1, 31), 40);
        driver.receive(site, "surgical-mask", "M-1", null, 100);
        // with the byte order mark spreadsheet programs write, and an extra column that is ignored
        byte[] sheet = csv("\uFEFFitemCode,lotCode,quantity,expiresOn,note\n"
                + "n95-respirator,N-A,37,2027-01-31,shelf 2\n"
                + "surgical-mask,M-1,104,,\n"
                + "\n"
                + "isolation-gown,G-9,12,2027-06-30,found in the back\n");
        JsonPath preview = upload(KEEPER, site, CountSheet.CSV, sheet).statusCode(201).extract().jsonPath();
        assertThat(preview.getString("status")).isEqualTo("PREVIEW");
        assertThat(preview.getString("fileName")).isEqualTo("count.csv");
        // rows 2, 3 and 5 (row 4 is blank); variance = counted − on hand: 37 − 40 = −3, 104 − 100 = +4, 12 − 0 = +12
        assertThat(preview.getList("lines.row", Integer.class)).containsExactly(2, 3, 5);
        assertThat(preview.getList("lines.onHand", Long.class)).containsExactly(40L, 100L, 0L);
        assertThat(preview.getList("lines.variance", Long.class)).containsExactly(-3L, 4L, 12L);
        assertThat(preview.getList("lines.postedVariance")).containsOnlyNulls();
        String id = preview.getString("id");
        // the preview posted nothing
        assertThat(driver.stock(site, "n95-respirator").onHand).isEqualTo(40);

        // 5 more N95 are issued before the keeper confirms: the variance posted is against on hand then
        driver.issue(site, "n95-respirator", 5);
        JsonPath posted = given().auth().oauth2(KEEPER).when().post("/api/v1/counts/" + id + "/confirm")
                .then().statusCode(200).extract().jsonPath();
        assertThat(posted.getString("status")).isEqualTo("POSTED");
        // 37 − 35 = +2; 104 − 100 = +4; 12 − 0 = +12
        assertThat(posted.getList("lines.postedVariance", Long.class)).containsExactly(2L, 4L, 12L);
        // ledger and stock agree with the count
        for (var expected : Map.of("n95-respirator", 37L, "surgical-mask", 104L, "isolation-gown", 12L).entrySet()) {
            assertThat(driver.stock(site, expected.getKey()).onHand).isEqualTo(expected.getValue());
            assertThat(driver.ledgerSum(site, expected.getKey())).isEqualTo(expected.getValue());
        }
        assertThat(driver.stock(site, "isolation-gown").onHand).isEqualTo(12);

        // a count is confirmed once; a posted one cannot be discarded
        given().auth().oauth2(KEEPER).when().post("/api/v1/counts/" + id + "/confirm").then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(KEEPER).when().post("/api/v1/counts/" + id + "/discard").then().statusCode(409);
        assertThat(driver.stock(site, "n95-respirator").onHand).isEqualTo(37);
        given().auth().oauth2(KEEPER).when().get("/api/v1/counts/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("POSTED"));

        // scope: another community's keeper and a foreign officer see nothing (404), write nothing
        for (String outsider : List.of(OTHER_KEEPER, FOREIGN_OFFICER)) {
            given().auth().oauth2(outsider).when().get("/api/v1/counts/" + id).then().statusCode(404);
            given().auth().oauth2(outsider).when().post("/api/v1/counts/" + id + "/confirm").then().statusCode(404);
            given().auth().oauth2(outsider).when().post("/api/v1/counts/" + id + "/discard").then().statusCode(404);
            long counts = driver.rows("stock_count");
            upload(outsider, site, CountSheet.CSV, sheet).statusCode(404);
            assertThat(driver.rows("stock_count")).isEqualTo(counts);
        }
        // the district officer of the store's district sees it
        given().auth().oauth2(TestTokens.token("zhou", "district-officer", "310104")).when().get("/api/v1/counts/" + id)
                .then().statusCode(200);

        // two confirmations of one count at once (two replicas): one posts, the other is a 409
        String second = upload(KEEPER, site, CountSheet.CSV, csv("itemCode,lotCode,quantity\nn95-respirator,N-A,30\n"))
                .statusCode(201).extract().path("id");
        List<Integer> statuses = java.util.stream.IntStream.range(0, 2).parallel()
                .mapToObj(i -> given().auth().oauth2(KEEPER).when().post("/api/v1/counts/" + second + "/confirm")
                        .then().extract().statusCode())
                .sorted().toList();
        assertThat(statuses).containsExactly(200, 409);
        // 30 − 37 = −7 posted once: on hand 30, and the ledger sums to it
        assertThat(driver.stock(site, "n95-respirator").onHand).isEqualTo(30);
        assertThat(driver.ledgerSum(site, "n95-respirator")).isEqualTo(30);
    }

    static byte[] workbook() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Count");
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            String[] names = {"Item code", "Lot code", "Quantity", "Expires on"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            Row r2 = sheet.createRow(1);
            r2.createCell(0).setCellValue("face-shield");
            r2.createCell(1).setCellValue("F-1");
            r2.createCell(2).setCellFormula("30+6"); // a formula: its cached value (36) counts
            r2.createCell(3).setCellValue(LocalDate.of(2027, 3, 31));
            r2.getCell(3).setCellStyle(date);
            Row r3 = sheet.createRow(2);
            r3.createCell(0).setCellValue("goggles");
            r3.createCell(1).setCellValue(2024); // a numeric lot code reads as "2024"
            r3.createCell(2).setCellValue(7);
            book.getCreationHelper().createFormulaEvaluator().evaluateAll();
            // a second sheet is never read, even one that is a valid count sheet itself
            Sheet notes = book.createSheet("Notes");
            Row otherHeader = notes.createRow(0);
            otherHeader.createCell(0).setCellValue("itemCode");
            otherHeader.createCell(1).setCellValue("lotCode");
            otherHeader.createCell(2).setCellValue("quantity");
            Row otherRow = notes.createRow(1);
            otherRow.createCell(0).setCellValue("nitrile-gloves");
            otherRow.createCell(1).setCellValue("NOT-READ");
            otherRow.createCell(2).setCellValue(99);
            book.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void anXlsxCountPreviewsFromTheFirstSheetAndADiscardedOnePostsNothing() throws Exception {
        UUID site = store("310104099013");
        driver.receive(site, "goggles", "2024", null, 10);
        long postings = driver.rows("ledger_posting");
        JsonPath preview = upload(KEEPER_OF_13, site, CountSheet.XLSX, workbook()).statusCode(201).extract().jsonPath();
        assertThat(preview.getList("lines.itemCode", String.class)).containsExactly("face-shield", "goggles");
        assertThat(preview.getList("lines.lotCode", String.class)).containsExactly("F-1", "2024");
        assertThat(preview.getList("lines.expiresOn", String.class)).containsExactly("2027-03-31", null);
        // 36 − 0 = +36 (the formula's cached value); 7 − 10 = −3
        assertThat(preview.getList("lines.counted", Long.class)).containsExactly(36L, 7L);
        assertThat(preview.getList("lines.variance", Long.class)).containsExactly(36L, -3L);

        String id = preview.getString("id");
        given().auth().oauth2(KEEPER_OF_13).when().post("/api/v1/counts/" + id + "/discard").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DISCARDED"));
        given().auth().oauth2(KEEPER_OF_13).when().post("/api/v1/counts/" + id + "/confirm").then().statusCode(409);
        assertThat(driver.rows("ledger_posting")).isEqualTo(postings);
        assertThat(driver.stock(site, "goggles").onHand).isEqualTo(10);

        // the same workbook as a form's file field (a browser's upload, content type unknown: told by the name)
        JsonPath form = given().auth().oauth2(KEEPER_OF_13)
                .multiPart("file", "count.xlsx", workbook(), "application/octet-stream")
                .when().post("/api/v1/sites/" + site + "/counts").then().statusCode(201).extract().jsonPath();
        assertThat(form.getString("fileName")).isEqualTo("count.xlsx");
        assertThat(form.getList("lines.variance", Long.class)).containsExactly(36L, -3L);
    }

    static final String KEEPER_OF_13 = TestTokens.token("xu", "community-worker", "310104099013");

    @Test
    void aMalformedSheetNamesEachBadRowAndColumnAndStoresNothing() {
        UUID site = store("310104099014");
        String keeper = TestTokens.token("yu", "community-worker", "310104099014");
        driver.receive(site, "surgical-mask", "M-1", LocalDate.of(2027, 1, 31), 50);
        long counts = driver.rows("stock_count");
        long lines = driver.rows("stock_count_line");
        long postings = driver.rows("ledger_posting");
        byte[] sheet = csv("itemCode,lotCode,quantity,expiresOn\n"
                + "surgical-mask,M-1,48,2027-01-31\n" // row 2: fine
                + "no-such-item,X-1,1,\n" // row 3: unknown item
                + "surgical-mask,,5,\n" // row 4: blank lot
                + "surgical-mask,M-2,-2,\n" // row 5: negative
                + "surgical-mask,M-3,4.5,\n" // row 6: not whole
                + "nitrile-gloves,G-1,3,31/12/2027\n" // row 7: not a date
                + "surgical-mask,M-1,47,\n" // row 8: M-1 counted twice
                + "surgical-mask,M-4,abc,2027-02-30\n" // row 9: two bad cells
                + "surgical-mask,M-1x,1,2027-01-31\n" // row 10: fine
                + "surgical-mask,M 5,1,\n" // row 11: a lot code the API would refuse (a space)
                + "surgical-mask,M-6,10000001,\n"); // row 12: more than 10,000,000 on one line
        JsonPath problem = upload(keeper, site, CountSheet.CSV, sheet).statusCode(422)
                .contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).containsExactly("rows[3].itemCode",
                "rows[4].lotCode", "rows[5].quantity", "rows[6].quantity", "rows[7].expiresOn", "rows[8].lotCode",
                "rows[9].quantity", "rows[9].expiresOn", "rows[11].lotCode", "rows[12].quantity");
        assertThat(problem.getList("errors.message", String.class).get(0))
                .isEqualTo("row 3, column itemCode: unknown item 'no-such-item'");
        assertThat(problem.getList("rows.row", Integer.class)).containsExactly(3, 4, 5, 6, 7, 8, 9, 9, 11, 12);

        // a missing column, another encoding, not a workbook, too large: 4xx, never 500
        upload(keeper, site, CountSheet.CSV, csv("itemCode,lot,qty-missing\nsurgical-mask,M-1,3\n")).statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItem("rows[1].quantity"));
        upload(keeper, site, CountSheet.CSV, "itemCode,lotCode,quantity\nsurgical-mask,Mé,3\n"
                .getBytes(StandardCharsets.ISO_8859_1)).statusCode(422).body("errors.field",
                        org.hamcrest.Matchers.hasItem("file"));
        upload(keeper, site, CountSheet.XLSX, csv("itemCode,lotCode,quantity\n")).statusCode(422);
        upload(keeper, site, CountSheet.CSV, csv("itemCode,lotCode,quantity\n")).statusCode(422);
        upload(keeper, site, CountSheet.CSV, new byte[2 * 1024 * 1024 + 1]).statusCode(413);
        given().auth().oauth2(keeper).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/sites/" + site + "/counts").then().statusCode(415);

        assertThat(driver.rows("stock_count")).isEqualTo(counts);
        assertThat(driver.rows("stock_count_line")).isEqualTo(lines);
        assertThat(driver.rows("ledger_posting")).isEqualTo(postings);
        assertThat(driver.stock(site, "surgical-mask").onHand).isEqualTo(50);
    }

    /**
     * The form route is as guarded as the raw one: a broken form, a form without the file, a zip bomb, another
     * encoding, formula cells (CSV injection: a cell starting with =, +, - or @ is never evaluated, only refused as
     * the value it is not) and a sheet over the limit each answer 4xx problem+json, and nothing is stored.
     */
    @Test
    void aHostileFormUploadAnswersAProblemAndStoresNothing() throws Exception {
        UUID site = store("310104099017");
        String keeper = TestTokens.token("pan", "community-worker", "310104099017");
        driver.receive(site, "goggles", "G-1", LocalDate.of(2027, 1, 31), 20);
        long counts = driver.rows("stock_count");
        long lines = driver.rows("stock_count_line");
        long postings = driver.rows("ledger_posting");
        String path = "/api/v1/sites/" + site + "/counts";

        // a form cut short, and one whose boundary is not the one it names: 400, not the parser's 500
        for (String body : List.of("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\n\r\nitemCode",
                "--other\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--other--\r\n")) {
            given().auth().oauth2(keeper).contentType("multipart/form-data; boundary=b").body(csv(body))
                    .when().post(path).then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(keeper).multiPart("note", "no file here").when().post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.hasItem("file"));
        given().auth().oauth2(keeper).multiPart("file", "count.xlsx", zipBomb(), "application/octet-stream")
                .when().post(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("file"));
        given().auth().oauth2(keeper).multiPart("file", "count.csv",
                "itemCode,lotCode,quantity\ngoggles,G-1,3\n".getBytes(StandardCharsets.UTF_16), "text/csv")
                .when().post(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("file"));
        byte[] formulas = csv("itemCode,lotCode,quantity,expiresOn\n"
                + "\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",G-1,1,\n" // row 2
                + "goggles,+cmd|' /C calc'!A0,1,\n" // row 3
                + "goggles,G-1,-2+3,\n" // row 4
                + "goggles,G-1,4,@SUM(A1)\n"); // row 5
        given().auth().oauth2(keeper).multiPart("file", "count.csv", formulas, "text/csv")
                .when().post(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("rows[2].itemCode", "rows[3].lotCode",
                        "rows[4].quantity", "rows[5].expiresOn"));
        given().auth().oauth2(keeper).multiPart("file", "count.csv", new byte[2 * 1024 * 1024 + 1], "text/csv")
                .when().post(path).then().statusCode(413).contentType("application/problem+json");

        assertThat(driver.rows("stock_count")).isEqualTo(counts);
        assertThat(driver.rows("stock_count_line")).isEqualTo(lines);
        assertThat(driver.rows("ledger_posting")).isEqualTo(postings);
        assertThat(driver.stock(site, "goggles").onHand).isEqualTo(20);
    }

    /** A workbook whose first sheet inflates to ~60 MB of rows but compresses to well under the upload limit. */
    static byte[] zipBomb() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(workbook()));
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.setLevel(9);
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    zip.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                            .getBytes(StandardCharsets.UTF_8));
                    byte[] row = "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>goggles</t></is></c></row>"
                            .getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 1_000_000; i++) {
                        zip.write(row);
                    }
                    zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aWorkbookIsStreamedCappedAndReadOnlyInTheHeadersColumns() throws Exception {
        UUID site = store("310104099016");
        String keeper = TestTokens.token("qi", "community-worker", "310104099016");
        long counts = driver.rows("stock_count");
        long postings = driver.rows("ledger_posting");

        // a zip bomb: ~64 MB of sheet XML in a small upload → 422 naming the file, quickly, nothing stored
        byte[] bomb = zipBomb();
        assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
        long started = System.nanoTime();
        upload(keeper, site, CountSheet.XLSX, bomb).statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("file"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(20));
        assertThat(driver.rows("stock_count")).isEqualTo(counts);

        // a very wide row (a note in column XFD, the last one) is fine: only the header's columns are read
        byte[] wide;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Count");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("itemCode");
            header.createCell(1).setCellValue("lotCode");
            header.createCell(2).setCellValue("quantity");
            header.createCell(16383).setCellValue("note far away");
            Row row = sheet.createRow(1);
            row.createCell(0).setCellValue("goggles");
            row.createCell(1).setCellValue("W-1");
            row.createCell(2).setCellValue(5);
            row.createCell(16383).setCellValue("XFD");
            Row onlyFar = sheet.createRow(2); // a row with nothing in our columns is blank to us
            onlyFar.createCell(16383).setCellValue("ignored");
            book.write(out);
            wide = out.toByteArray();
        }
        JsonPath preview = upload(keeper, site, CountSheet.XLSX, wide).statusCode(201).extract().jsonPath();
        assertThat(preview.getList("lines.row", Integer.class)).containsExactly(2);
        assertThat(preview.getList("lines.lotCode", String.class)).containsExactly("W-1");
        assertThat(preview.getList("lines.counted", Long.class)).containsExactly(5L);
        assertThat(driver.rows("ledger_posting")).isEqualTo(postings);
    }

    @Test
    void aCountPostsEachItemOnceSoStockMovedBetweenLotsAnnouncesNoCrossing() {
        UUID site = store("310104099015");
        String keeper = TestTokens.token("fu", "community-worker", "310104099015");
        driver.receive(site, "n95-respirator", "A-1", LocalDate.of(2027, 1, 31), 100);
        driver.receive(site, "surgical-mask", "M-1", null, 10);
        // A 100 → 0 and B 0 → 100 (the stock was put on another lot's shelf); masks: M-1 10 → 12, M-2 new 3
        byte[] sheet = csv("itemCode,lotCode,quantity\n"
                + "n95-respirator,A-1,0\n"
                + "n95-respirator,B-1,100\n"
                + "surgical-mask,M-1,12\n"
                + "surgical-mask,M-2,3\n");
        String id = upload(keeper, site, CountSheet.CSV, sheet).statusCode(201).extract().path("id");
        JsonPath posted = given().auth().oauth2(keeper).when().post("/api/v1/counts/" + id + "/confirm")
                .then().statusCode(200).extract().jsonPath();
        // 0 − 100 = −100, 100 − 0 = +100, 12 − 10 = +2, 3 − 0 = +3
        assertThat(posted.getList("lines.postedVariance", Long.class)).containsExactly(-100L, 100L, 2L, 3L);
        assertThat(driver.stock(site, "n95-respirator").onHand).isEqualTo(100);
        assertThat(driver.stock(site, "surgical-mask").onHand).isEqualTo(15);
        assertThat(driver.ledgerSum(site, "n95-respirator")).isEqualTo(100);

        // one StockChanged per item (2), not per line (4); no level crossing (the N95 never was out of stock)
        var changed = org.frontline.platform.testing.TopicReader.awaitExactly("supplies.events",
                org.frontline.platform.testing.TopicReader.type("frontline.supplies.StockChanged.v1")
                        .and(r -> r.value().contains(site.toString()) && r.value().contains("\"COUNT\"")),
                2, java.time.Duration.ofSeconds(60));
        assertThat(changed).hasSize(2);
        assertThat(org.frontline.platform.testing.TopicReader.readAll("supplies.events").stream()
                .filter(org.frontline.platform.testing.TopicReader.type("frontline.supplies.StockLevelCrossed.v1"))
                .filter(r -> r.value().contains(site.toString()))).isEmpty();
        assertThat(driver.stock(site, "n95-respirator").level).isEqualTo(Stock.Level.OK);
        // the day's lowest balance is the balance after the count (100), so the day is no stock-out day
        assertThat(driver.number("select min(low) from stock_day where site_id = ?1 and item_code = ?2", site,
                "n95-respirator")).isEqualTo(100L);
    }
}
