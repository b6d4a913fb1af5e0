package org.frontline.drill.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.frontline.drill.city.City;
import org.frontline.drill.city.CityGenerator;
import org.frontline.drill.city.CitySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The personal-data scan finds a planted unmasked phone or ID number anywhere it looks, and never a masked one. */
class PiiScanTests {

    static final String PHONE = "13912345678";
    static final String ID = "11010519491231002X";

    PiiScan scan() {
        return new PiiScan(List.of(PHONE, ID));
    }

    static Verdict.Check row(PiiScan s, String source) {
        return s.checks().stream().filter(c -> c.what().endsWith(" in " + source)).findFirst().orElseThrow();
    }

    @Test
    void aPlantedUnmaskedPhoneInAResponseIsAHitAndFails() {
        PiiScan s = scan();
        s.response("GET /api/v1/screening/residents", "{\"items\":[{\"phone\":\"139****5678\"}]}");
        s.response("GET /api/v1/screening/residents/1", "{\"name\":\"x\",\"phone\":\"+86 " + PHONE + "\"}");
        Verdict.Check responses = row(s, "responses");
        assertThat(responses.ok()).isFalse();
        assertThat(responses.actual()).startsWith("1 hits in 2 response bodies")
                .contains("139****5678 in GET /api/v1/screening/residents/1")
                .doesNotContain(PHONE); // the report never shows the value it found
        assertThat(new Verdict(s.checks()).passed()).isFalse();
    }

    @Test
    void maskedFormsAndOtherNumbersAreNotHits() {
        PiiScan s = scan();
        s.response("GET a", "{\"phone\":\"139****5678\",\"idNumber\":\"110105********002X\"}");
        s.response("GET b", "{\"id\":\"13912345679\",\"n\":1391234567}"); // another number, a shorter one
        s.response("GET c", "{\"hash\":\"k1:8f3e\",\"count\":11010519491231002}"); // the ID without its last character
        assertThat(row(s, "responses").ok()).isTrue();
        assertThat(row(s, "responses").actual()).startsWith("0 hits in 3 response bodies");
    }

    @Test
    void anIdNumberInsideALongerRunOfDigitsOrLowerCaseIsStillAHit() {
        PiiScan s = scan();
        assertThat(s.find("id=0011010519491231002x99")).containsExactly(ID);
        assertThat(s.find("tel:" + PHONE + ".")).containsExactly(PHONE);
    }

    @Test
    void aLogLineWithAnUnmaskedPhoneIsAHitWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("screening-service.log"), "ok\nregistered resident phone 139****5678\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("roster-service.log"), "a\nb\nWARN person " + PHONE + " not found\n",
                StandardCharsets.UTF_8);
        PiiScan s = scan();
        s.response("GET a", "{}");
        s.scanLogs(dir);
        Verdict.Check logs = row(s, "logs");
        assertThat(logs.ok()).isFalse();
        assertThat(logs.actual()).startsWith("1 hits in 5 log lines").contains("roster-service.log:3");
    }

    @Test
    void anEventRecordWithTheIdNumberIsAHitAndACleanOnePasses() {
        PiiScan s = scan();
        s.record("screening.events-0@1", null, "{\"residentId\":\"r1\",\"community\":\"390101001001\"}".getBytes(),
                Map.of("ce_type", "frontline.screening.ResidentScreened.v1".getBytes()));
        assertThat(row(s, "events").ok()).isFalse(); // not scanned yet: topicsScanned is set by scanTopics only
        s.record("screening.events.dlq-2@7", "k".getBytes(), ("{\"idNumber\":\"" + ID + "\"}").getBytes(), Map.of());
        assertThat(s.hits()).isEqualTo(1);
    }

    @Test
    void theCityScanLooksForEveryResidentsIdNumberAndPhoneAndEveryWorkersPhone() {
        City city = CityGenerator.generate("3901", 7, new CitySize(3, 2, 1, 2, 1, 1, Map.of("surgical-mask", 10)));
        PiiScan s = PiiScan.of(city);
        City.Resident r = city.communities().findFirst().orElseThrow().residents().findFirst().orElseThrow();
        City.Worker w = city.communities().findFirst().orElseThrow().workers().get(0);
        assertThat(s.find("{\"a\":\"" + r.idNumber() + "\",\"b\":\"" + r.phone() + "\",\"c\":\"" + w.phone() + "\"}"))
                .containsExactly(r.idNumber().toUpperCase(), r.phone(), w.phone());
        assertThat(s.values()).isGreaterThan((int) city.residentCount());
    }

    @Test
    void aResidentsPhoneShownToTheCommunityWorkerIsCountedApartAnythingElseStillHits() {
        PiiScan s = new PiiScan(List.of(PHONE, ID, "13800000001"), List.of(PHONE)).residentPhonesShownToWorkers(true);
        s.response("POST /api/v1/screening/residents", "{\"phone\":\"" + PHONE + "\"}");
        s.response("GET /api/v1/screening/residents/r1", "{\"phone\":\"" + PHONE + "\"}");
        s.response("POST /api/v1/roster/people", "{\"phone\":\"" + PHONE + "\"}");
        assertThat(row(s, "responses").ok()).isTrue();
        assertThat(s.checks()).anySatisfy(c -> assertThat(c.actual()).isEqualTo("3"));
        s.response("GET /api/v1/screening/residents/r1", "{\"idNumber\":\"" + ID + "\"}"); // never allowed
        s.response("GET /api/v1/roster/shifts/s1/call-out", "{\"phone\":\"" + PHONE + "\"}"); // not such a view
        s.response("GET /api/v1/screening/worklist", "{\"phone\":\"13800000001\"}");
        assertThat(row(s, "responses").actual()).startsWith("3 hits in 6 response bodies");
    }
}
