package org.frontline.drill.city;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A generated city: districts (6-digit codes), streets (9), communities (12), their households and residents, the
 * staff and volunteers of each community and each community's store with its opening stock. Everything is a pure
 * function of the seed and the size ({@link CityGenerator}); {@code key}s are stable local names used for
 * idempotency keys and the ground truth, the suite's ids come from registering it ({@code play.CitySetup}).
 */
public record City(String code, String name, long seed, List<District> districts) {

    public Stream<Community> communities() {
        return districts.stream().flatMap(d -> d.streets().stream()).flatMap(s -> s.communities().stream());
    }

    public Community community(String code) {
        return communities().filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no community " + code + " in city " + this.code));
    }

    public long residentCount() {
        return communities().mapToLong(c -> c.residents().count()).sum();
    }

    public record District(String code, String name, List<Street> streets) {
    }

    public record Street(String code, String name, List<Community> communities) {
    }

    /**
     * One community (社区). {@code neighbours}: the codes of the communities next to it (same street, the one before
     * and after; the first of a street also touches the last of the street before) — where an outbreak spreads.
     */
    public record Community(String code, String name, int index, List<Household> households, List<Worker> workers,
            Store store, List<String> neighbours) {

        public Stream<Resident> residents() {
            return households.stream().flatMap(h -> h.residents().stream());
        }

        public String districtCode() {
            return code.substring(0, 6);
        }

        public String streetCode() {
            return code.substring(0, 9);
        }
    }

    /** A household (户): its grid (网格) and address inside the community. */
    public record Household(String key, String grid, String building, String unit, String room,
            List<Resident> residents) {
    }

    /** A resident, with the vulnerability flags screening-service keeps. Synthetic data: the ID number only passes the checksum. */
    public record Resident(String key, String name, String phone, String idNumber, int birthYear, String sex,
            boolean elderlyAlone, boolean chronicIllness, boolean pregnant, boolean disability) {

        public boolean vulnerable() {
            return elderlyAlone || chronicIllness || pregnant || disability;
        }
    }

    /** A staff member or volunteer of the community, with skills and qualification codes (roster-service types). */
    public record Worker(String key, String kind, String displayName, String phone, List<String> skills,
            List<String> qualifications) {

        public boolean volunteer() {
            return "VOLUNTEER".equals(kind);
        }
    }

    /** The community's store (COMMUNITY_STORE) and its opening stock: item code → quantity. */
    public record Store(String name, Map<String, Integer> openingStock) {
    }
}
