package org.frontline.supplies;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.frontline.platform.testing.TestTokens;
import org.frontline.platform.testing.conformance.ConformanceFixture;
import org.frontline.supplies.events.SuppliesTopics;

import io.restassured.http.ContentType;

/**
 * Real records of one community (area A), made through the API, for {@link ApiPolicyTests}: the community's store
 * with a received lot, a count sheet previewed there, a requisition to the district's depot, and a transfer from
 * that depot to the store; and valid bodies naming them. The depot itself lies in the district (a district officer
 * of 310104 makes it and stocks it), so an area-A caller sees it only through the store's requisition and transfer.
 */
final class ApiPolicyFixture implements ConformanceFixture {

    static final String AREA = "310104012017";
    static final String OTHER = "310105002017";
    static final String DISTRICT = "310104";
    static final String ITEM = "n95-respirator";
    static final String LOT = "POL-A1";
    static final String DUTY = "policy-duty";
    /** A valid count sheet (text/csv) for the store: one line, the received lot. */
    static final byte[] SHEET = ("itemCode,lotCode,quantity,expiresOn\n" + ITEM + "," + LOT + ",40,2030-06-30\n")
            .getBytes(StandardCharsets.UTF_8);
    /**
     * The sheet as the form the document names first (multipart/form-data, field {@code file}); the engine sends a
     * form with the boundary {@code conformance}.
     */
    static final byte[] FORM = ("--conformance\r\nContent-Disposition: form-data; name=\"file\"; filename=\"policy.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n" + new String(SHEET, StandardCharsets.UTF_8) + "\r\n--conformance--\r\n")
            .getBytes(StandardCharsets.UTF_8);

    final String store;
    final String depot;
    final String count;
    final String requisition;
    final String transfer;

    ApiPolicyFixture() {
        String worker = TestTokens.token("policy.owner", "community-worker", AREA);
        String officer = TestTokens.token("policy.district", "district-officer", DISTRICT);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        store = created(worker, "/api/v1/sites", Map.of("areaCode", AREA, "kind", "COMMUNITY_STORE",
                "name", "Policy store " + suffix));
        depot = created(officer, "/api/v1/sites", Map.of("areaCode", DISTRICT, "kind", "DISTRICT_DEPOT",
                "name", "Policy depot " + suffix));
        given().auth().oauth2(worker).contentType(ContentType.JSON)
                .body(Map.of("itemCode", ITEM, "lotCode", LOT, "expiresOn", "2030-06-30", "quantity", 40))
                .when().post("/api/v1/sites/" + store + "/receipts").then().statusCode(201);
        given().auth().oauth2(officer).contentType(ContentType.JSON)
                .body(Map.of("itemCode", ITEM, "lotCode", "POL-D1", "expiresOn", "2030-06-30", "quantity", 500))
                .when().post("/api/v1/sites/" + depot + "/receipts").then().statusCode(201);
        count = given().auth().oauth2(worker).contentType("text/csv").body(SHEET)
                .when().post("/api/v1/sites/" + store + "/counts?fileName=policy.csv").then().statusCode(201)
                .extract().path("id");
        requisition = created(worker, "/api/v1/requisitions", Map.of("siteId", store, "depotId", depot,
                "lines", List.of(Map.of("itemCode", ITEM, "requested", 10))));
        transfer = created(officer, "/api/v1/transfers", Map.of("fromSiteId", depot, "toSiteId", store,
                "lines", List.of(Map.of("itemCode", ITEM, "quantity", 5))));
    }

    private static String created(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
    }

    @Override
    public String area() {
        return AREA;
    }

    /**
     * The depot lies in the district: its allocation, and a requisition's decision and dispatch (the depot's to make),
     * are called by the district's people, so that the allowed roles reach the work and not only the refusal.
     */
    @Override
    public String area(String operation) {
        return switch (operation) {
            case "GET /api/v1/sites/{depotId}/allocation", "POST /api/v1/requisitions/{id}/decision",
                    "POST /api/v1/requisitions/{id}/dispatch" -> DISTRICT;
            default -> AREA;
        };
    }

    @Override
    public String otherArea() {
        return OTHER;
    }

    @Override
    public String path(String template) {
        if (!template.contains("{")) {
            return template;
        }
        return switch (template) {
            case "/api/v1/communities/{code}/profile" -> "/api/v1/communities/" + AREA + "/profile";
            case "/api/v1/counts/{id}", "/api/v1/counts/{id}/confirm", "/api/v1/counts/{id}/discard" ->
                    template.replace("{id}", count);
            case "/api/v1/items/{code}" -> "/api/v1/items/" + ITEM;
            case "/api/v1/usage-norms/{dutyCode}/{itemCode}" -> "/api/v1/usage-norms/" + DUTY + "/" + ITEM;
            case "/api/v1/sites/{depotId}/allocation" -> "/api/v1/sites/" + depot + "/allocation";
            default -> {
                String[] parts = template.split("/");
                String id = switch (parts[3]) {
                    case "requisitions" -> requisition;
                    case "sites" -> store;
                    case "transfers" -> transfer;
                    default -> null;
                };
                if (id == null || parts.length < 5) {
                    yield null;
                }
                parts[4] = id;
                yield String.join("/", parts).replace("{itemCode}", ITEM);
            }
        };
    }

    @Override
    public Object body(String operation) {
        return switch (operation) {
            case "PUT /api/v1/communities/{code}/profile" -> Map.of("population", 8200);
            case "POST /api/v1/items" -> Map.of("code", "policy-" + UUID.randomUUID().toString().substring(0, 8),
                    "name", "Policy item", "unit", "piece", "packSize", 10, "critical", false);
            case "POST /api/v1/requisitions" -> Map.of("siteId", store, "depotId", depot,
                    "lines", List.of(Map.of("itemCode", ITEM, "requested", 10)));
            case "POST /api/v1/requisitions/{id}/decision" -> Map.of("lines",
                    List.of(Map.of("itemCode", ITEM, "approved", 10)), "note", "policy");
            case "POST /api/v1/requisitions/{id}/cancel", "POST /api/v1/requisitions/{id}/dispatch" ->
                    Map.of("note", "policy");
            case "POST /api/v1/sites" -> Map.of("areaCode", AREA, "kind", "COMMUNITY_STORE", "name", "Another store");
            case "POST /api/v1/sites/{siteId}/receipts" -> Map.of("itemCode", ITEM, "lotCode", LOT,
                    "expiresOn", "2030-06-30", "quantity", 10);
            case "POST /api/v1/sites/{siteId}/issues" -> Map.of("itemCode", ITEM, "quantity", 1);
            case "POST /api/v1/sites/{siteId}/adjustments" -> Map.of("itemCode", ITEM, "lotCode", LOT,
                    "quantity", 1, "reason", "FOUND");
            case "POST /api/v1/sites/{siteId}/counts" -> FORM;
            case "PUT /api/v1/sites/{siteId}/stock/{itemCode}/levels" -> Map.of("minDays", 7, "maxDays", 30,
                    "emergencyDays", 3);
            case "POST /api/v1/transfers" -> Map.of("fromSiteId", store, "toSiteId", depot,
                    "lines", List.of(Map.of("itemCode", ITEM, "quantity", 1)));
            case "POST /api/v1/transfers/{id}/receipt" -> Map.of("lines", List.of());
            case "PUT /api/v1/usage-norms/{dutyCode}/{itemCode}" -> Map.of("perShift", 4);
            default -> null;
        };
    }

    @Override
    public Map<String, Object> query(String operation) {
        return operation.equals("GET /api/v1/sites/{depotId}/allocation") ? Map.of("itemCode", ITEM) : Map.of();
    }

    @Override
    public List<String> topics() {
        return List.of(SuppliesTopics.EVENTS);
    }
}
