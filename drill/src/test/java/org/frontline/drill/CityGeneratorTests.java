package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.frontline.drill.city.City;
import org.frontline.drill.city.City.Community;
import org.frontline.drill.city.City.District;
import org.frontline.drill.city.City.Resident;
import org.frontline.drill.city.City.Street;
import org.frontline.drill.city.City.Worker;
import org.frontline.drill.city.CityGenerator;
import org.frontline.drill.city.CitySize;
import org.junit.jupiter.api.Test;

/**
 * The generated city is a valid one for the suite (12-digit community codes under their street, district and city;
 * ID numbers that pass the GB 11643 checksum, unique; 11-digit mobile numbers; neighbours inside the city, both ways)
 * and a pure function of its seed: the same seed plays the same drill.
 */
class CityGeneratorTests {

    private static final Map<String, Integer> STOCK = Map.of("surgical-mask", 600, "disinfectant", 20);

    static CitySize size(int communities) {
        return new CitySize(communities, 8, 1, 4, 3, 2, STOCK);
    }

    @Test
    void theSameSeedMakesTheSameCityAnotherSeedAnother() {
        City a = CityGenerator.generate("3901", 42, size(12));
        City b = CityGenerator.generate("3901", 42, size(12));
        City c = CityGenerator.generate("3901", 43, size(12));

        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(ids(c)).doesNotContainAnyElementsOf(ids(a));
        // the layout (codes) only depends on the size; the people on the seed
        assertThat(c.communities().map(Community::code)).containsExactlyElementsOf(a.communities().map(Community::code).toList());
    }

    @Test
    void theSmallestCity() {
        City city = CityGenerator.generate("3902", 1, size(3));

        assertThat(city.code()).isEqualTo("3902");
        assertThat(city.communities()).hasSize(3);
        assertThat(city.districts()).hasSize(1);
        assertValid(city, size(3));
    }

    @Test
    void theLargestCity() {
        // 6,000 communities; few households each to keep the test quick — the layout is what is checked here
        CitySize size = new CitySize(6000, 2, 1, 3, 1, 1, STOCK);
        City city = CityGenerator.generate("3999", 7, size);

        assertThat(city.communities()).hasSize(6000);
        assertThat(city.districts()).hasSizeLessThanOrEqualTo(99);
        assertValid(city, size);
    }

    @Test
    void aMidSizedCityHasASaneMixOfAgesAndVulnerabilities() {
        City city = CityGenerator.generate("3903", 20261130, size(200));
        assertValid(city, size(200));

        List<Resident> residents = city.communities().flatMap(Community::residents).toList();
        assertThat(residents).hasSizeGreaterThan(2000);
        int year = Year.now().getValue();
        double children = share(residents, r -> year - r.birthYear() < 15);
        double old = share(residents, r -> year - r.birthYear() >= 60);
        double vulnerable = share(residents, Resident::vulnerable);
        double women = share(residents, r -> r.sex().equals("FEMALE"));
        assertThat(children).as("children").isBetween(0.08, 0.25);
        assertThat(old).as("60 and over").isBetween(0.15, 0.32);
        assertThat(vulnerable).as("vulnerable").isBetween(0.05, 0.35);
        assertThat(women).as("women").isBetween(0.4, 0.6);
        assertThat(residents).allSatisfy(r -> {
            assertThat(year - r.birthYear()).isBetween(0, 100);
            assertThat(r.sex()).isIn("MALE", "FEMALE");
            if (r.pregnant()) {
                assertThat(r.sex()).isEqualTo("FEMALE");
                assertThat(year - r.birthYear()).isBetween(15, 50);
            }
            if (r.elderlyAlone()) {
                assertThat(year - r.birthYear()).isGreaterThanOrEqualTo(60);
            }
        });
        assertThat(residents).anyMatch(Resident::elderlyAlone).anyMatch(Resident::chronicIllness)
                .anyMatch(Resident::disability);
    }

    @Test
    void refusesASizeOutsideTheRangeAndABadCityCode() {
        assertThatThrownBy(() -> CityGenerator.generate("3901", 1, size(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3");
        assertThatThrownBy(() -> CityGenerator.generate("3901", 1, size(6001))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6");
        assertThatThrownBy(() -> CityGenerator.generate("39", 1, size(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CityGenerator.generate("39a1", 1, size(3))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Everything the suite will check when the city is registered, and the drill's own promises. */
    static void assertValid(City city, CitySize size) {
        assertThat(city.code()).matches("\\d{4}");
        Set<String> districtCodes = new HashSet<>();
        Set<String> streetCodes = new HashSet<>();
        Set<String> communityCodes = new HashSet<>();
        for (District d : city.districts()) {
            assertThat(d.code()).matches("\\d{6}").startsWith(city.code()).doesNotEndWith("00");
            assertThat(districtCodes.add(d.code())).as("district %s unique", d.code()).isTrue();
            assertThat(d.name()).isNotBlank();
            assertThat(d.streets()).isNotEmpty();
            for (Street s : d.streets()) {
                assertThat(s.code()).matches("\\d{9}").startsWith(d.code()).doesNotEndWith("000");
                assertThat(streetCodes.add(s.code())).as("street %s unique", s.code()).isTrue();
                assertThat(s.name()).isNotBlank();
                assertThat(s.communities()).isNotEmpty();
                for (Community c : s.communities()) {
                    assertThat(c.code()).matches("\\d{12}").startsWith(s.code()).doesNotEndWith("000");
                    assertThat(c.streetCode()).isEqualTo(s.code());
                    assertThat(c.districtCode()).isEqualTo(d.code());
                    assertThat(communityCodes.add(c.code())).as("community %s unique", c.code()).isTrue();
                }
            }
        }
        assertThat(city.districts()).hasSizeLessThanOrEqualTo(99);
        assertThat(communityCodes).hasSize(size.communities());

        List<Community> communities = city.communities().toList();
        Map<String, Community> byCode = new HashMap<>();
        communities.forEach(c -> byCode.put(c.code(), c));
        assertThat(city.community(communities.get(0).code())).isSameAs(communities.get(0));
        Community last = communities.get(communities.size() - 1);
        assertThat(city.community(last.code())).isSameAs(last);
        Set<String> idNumbers = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < communities.size(); i++) {
            Community c = communities.get(i);
            assertThat(c.index()).isEqualTo(i);
            assertThat(c.name()).isNotBlank();

            // neighbours: inside the city, not itself, and both ways
            assertThat(c.neighbours()).isNotEmpty().doesNotContain(c.code()).doesNotHaveDuplicates();
            for (String n : c.neighbours()) {
                assertThat(byCode).as("%s's neighbour %s is in the city", c.code(), n).containsKey(n);
                assertThat(byCode.get(n).neighbours()).as("%s is a neighbour of its neighbour %s", c.code(), n)
                        .contains(c.code());
            }

            assertThat(c.households()).hasSize(size.householdsPerCommunity());
            c.households().forEach(h -> {
                assertThat(keys.add(h.key())).as("household key %s unique", h.key()).isTrue();
                assertThat(h.residents()).hasSizeBetween(size.minResidentsPerHousehold(), size.maxResidentsPerHousehold());
                assertThat(h.grid()).isNotBlank();
                assertThat(h.building()).isNotBlank();
                assertThat(h.room()).isNotBlank();
            });
            c.residents().forEach(r -> {
                assertThat(keys.add(r.key())).as("resident key %s unique", r.key()).isTrue();
                assertThat(r.name()).isNotBlank();
                assertThat(r.phone()).as("%s's phone", r.key()).matches("1\\d{10}");
                assertThat(r.idNumber()).as("%s's ID number", r.key()).matches("\\d{17}[\\dX]");
                assertThat(r.idNumber().charAt(17)).as("GB 11643 check character of %s", r.idNumber())
                        .isEqualTo(gb11643(r.idNumber().substring(0, 17)));
                assertThat(idNumbers.add(r.idNumber())).as("ID number %s unique", r.idNumber()).isTrue();
                // the number's birth date is a real date in the resident's birth year
                LocalDate born = LocalDate.parse(r.idNumber().substring(6, 14),
                        DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));
                assertThat(born.getYear()).isEqualTo(r.birthYear());
            });

            List<Worker> staff = c.workers().stream().filter(w -> !w.volunteer()).toList();
            List<Worker> volunteers = c.workers().stream().filter(Worker::volunteer).toList();
            assertThat(staff).hasSize(size.staffPerCommunity());
            assertThat(volunteers).hasSize(size.volunteersPerCommunity());
            c.workers().forEach(w -> {
                assertThat(keys.add(w.key())).as("worker key %s unique", w.key()).isTrue();
                assertThat(w.kind()).isIn("STAFF", "VOLUNTEER");
                assertThat(w.displayName()).isNotBlank();
                assertThat(w.phone()).matches("1\\d{10}");
                assertThat(w.skills()).isNotEmpty();
                // roster-service's temperature-checkpoint duty asks for ppe
                assertThat(w.qualifications()).contains("ppe");
            });
            assertThat(c.store().name()).isNotBlank();
            assertThat(c.store().openingStock()).isEqualTo(size.openingStock());
        }
        assertThat(idNumbers).hasSize((int) city.residentCount());
    }

    /** GB 11643-1999 check character, computed the long way (weights 2^(17-i) mod 11, check (12 - sum) mod 11). */
    static char gb11643(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int weight = (int) (Math.pow(2, 17 - i) % 11);
            sum += (first17.charAt(i) - '0') * weight;
        }
        int check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char) ('0' + check);
    }

    @Test
    void theChecksumOfThisTestIsTheStandardOne() {
        // the example of GB 11643 and the screening-service's own sample
        assertThat(gb11643("11010519491231002")).isEqualTo('X');
        assertThat(gb11643("44052418800101001")).isEqualTo('4');
    }

    private static Set<String> ids(City city) {
        Set<String> ids = new HashSet<>();
        city.communities().flatMap(Community::residents).forEach(r -> ids.add(r.idNumber()));
        return ids;
    }

    private static double share(List<Resident> residents, java.util.function.Predicate<Resident> p) {
        return residents.stream().filter(p).count() / (double) residents.size();
    }
}
