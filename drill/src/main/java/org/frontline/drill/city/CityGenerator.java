package org.frontline.drill.city;

import java.time.Year;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.frontline.drill.city.City.Community;
import org.frontline.drill.city.City.District;
import org.frontline.drill.city.City.Household;
import org.frontline.drill.city.City.Resident;
import org.frontline.drill.city.City.Store;
import org.frontline.drill.city.City.Street;
import org.frontline.drill.city.City.Worker;

/**
 * Builds a {@link City} from a seed and a {@link CitySize}: the same seed and size give the same city, down to every
 * name and ID number (ages are counted back from the current year). Layout: {@value #COMMUNITIES_PER_STREET} communities a street, {@value #STREETS_PER_DISTRICT}
 * streets a district, as many districts as needed (at most 99: 6,000 communities take 30).
 */
public final class CityGenerator {

    public static final int MIN_COMMUNITIES = 3;
    public static final int MAX_COMMUNITIES = 6000;
    static final int COMMUNITIES_PER_STREET = 10;
    static final int STREETS_PER_DISTRICT = 20;

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
            "胡", "郭", "何", "林", "罗", "高"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
            "涛", "明", "超", "秀英", "华", "平", "建国", "志强", "海燕", "晓东", "雪梅"};
    private static final String[] STREET_NAMES = {"江宁", "天平", "虹桥", "田林", "枫林", "长风", "周家桥", "新华", "仙霞", "程家桥",
            "华阳", "湖南", "斜土", "龙华", "漕河泾", "凌云", "康健", "长桥", "华泾", "徐家汇"};
    /** Staff skills and the qualification codes roster-service's duties ask for (its seeded types). */
    private static final List<String> STAFF_SKILLS = List.of("screening", "logistics", "first-aid");
    private static final List<String> VOLUNTEER_SKILLS = List.of("screening", "delivery");
    /** roster-service qualification types: {@code ppe} is what the temperature-checkpoint duty asks for */
    private static final List<String> STAFF_QUALIFICATIONS = List.of("ppe", "infection-control");
    private static final List<String> VOLUNTEER_QUALIFICATIONS = List.of("ppe");

    private CityGenerator() {
    }

    /** The city {@code cityCode} (4 digits) of {@code size}, from {@code seed}. */
    public static City generate(String cityCode, long seed, CitySize size) {
        if (!cityCode.matches("\\d{4}")) {
            throw new IllegalArgumentException("a city code has 4 digits: " + cityCode);
        }
        size.check();
        Random random = new Random(seed);
        Set<String> idNumbers = new HashSet<>();
        int communities = size.communities();
        int perDistrict = COMMUNITIES_PER_STREET * STREETS_PER_DISTRICT;
        List<District> districts = new ArrayList<>();
        int made = 0;
        for (int d = 1; made < communities; d++) {
            String districtCode = cityCode + String.format("%02d", d);
            List<Street> streets = new ArrayList<>();
            for (int s = 1; s <= STREETS_PER_DISTRICT && made < communities; s++) {
                String streetCode = districtCode + String.format("%03d", s);
                String streetName = STREET_NAMES[(s - 1) % STREET_NAMES.length] + "街道";
                List<Community> list = new ArrayList<>();
                for (int c = 1; c <= COMMUNITIES_PER_STREET && made < communities; c++) {
                    String code = streetCode + String.format("%03d", c);
                    list.add(community(code, streetName + c + "社区", made, size, random, idNumbers));
                    made++;
                }
                streets.add(new Street(streetCode, streetName, list));
            }
            districts.add(new District(districtCode, "演练" + d + "区", streets));
        }
        City draft = new City(cityCode, "演练市 " + cityCode, seed, districts);
        return withNeighbours(draft);
    }

    private static Community community(String code, String name, int index, CitySize size, Random random,
            Set<String> idNumbers) {
        List<Household> households = new ArrayList<>();
        for (int h = 0; h < size.householdsPerCommunity(); h++) {
            String key = code + "-h" + h;
            int members = size.minResidentsPerHousehold()
                    + random.nextInt(size.maxResidentsPerHousehold() - size.minResidentsPerHousehold() + 1);
            List<Resident> residents = new ArrayList<>();
            for (int r = 0; r < members; r++) {
                residents.add(resident(key + "-r" + r, code, members, random, idNumbers));
            }
            households.add(new Household(key, "G" + (1 + h % 4), String.valueOf(1 + h / 12), String.valueOf(1 + (h / 4) % 3),
                    String.valueOf(101 + h % 4 + 100 * ((h / 4) % 6)), residents));
        }
        List<Worker> workers = new ArrayList<>();
        for (int w = 0; w < size.staffPerCommunity(); w++) {
            workers.add(new Worker(code + "-s" + w, "STAFF", name(random), phone(random), STAFF_SKILLS,
                    STAFF_QUALIFICATIONS));
        }
        for (int w = 0; w < size.volunteersPerCommunity(); w++) {
            workers.add(new Worker(code + "-v" + w, "VOLUNTEER", name(random), phone(random), VOLUNTEER_SKILLS,
                    VOLUNTEER_QUALIFICATIONS));
        }
        Map<String, Integer> stock = new LinkedHashMap<>();
        size.openingStock().forEach(stock::put);
        return new Community(code, name, index, households, workers, new Store(name + "物资点", stock), List.of());
    }

    private static Resident resident(String key, String communityCode, int householdSize, Random random,
            Set<String> idNumbers) {
        // age mix roughly as a city's: 15% children, 62% working age, 23% 60+
        double a = random.nextDouble();
        int age = a < 0.15 ? random.nextInt(15) : a < 0.77 ? 15 + random.nextInt(45) : 60 + random.nextInt(36);
        int birthYear = Year.now().getValue() - age;
        String sex = random.nextBoolean() ? "MALE" : "FEMALE";
        boolean elderlyAlone = age >= 70 && householdSize == 1;
        boolean chronic = random.nextDouble() < (age >= 60 ? 0.35 : 0.06);
        boolean pregnant = "FEMALE".equals(sex) && age >= 20 && age <= 40 && random.nextDouble() < 0.04;
        boolean disability = random.nextDouble() < 0.02;
        String idNumber;
        do {
            String first17 = communityCode.substring(0, 6) + birthYear
                    + String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
                    + String.format("%03d", random.nextInt(1000));
            idNumber = first17 + checkCharacter(first17);
        } while (!idNumbers.add(idNumber));
        return new Resident(key, name(random), phone(random), idNumber, birthYear, sex, elderlyAlone, chronic, pregnant,
                disability);
    }

    /** GB 11643 check character of the first 17 digits (as screening-service verifies it). */
    static char checkCharacter(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static String name(Random random) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
    }

    private static String phone(Random random) {
        return "139" + String.format("%08d", random.nextInt(100_000_000));
    }

    private static City withNeighbours(City city) {
        List<Community> all = city.communities().toList();
        List<District> districts = new ArrayList<>();
        for (District d : city.districts()) {
            List<Street> streets = new ArrayList<>();
            for (Street s : d.streets()) {
                List<Community> list = new ArrayList<>();
                for (Community c : s.communities()) {
                    List<String> neighbours = new ArrayList<>();
                    if (c.index() > 0) {
                        neighbours.add(all.get(c.index() - 1).code());
                    }
                    if (c.index() + 1 < all.size()) {
                        neighbours.add(all.get(c.index() + 1).code());
                    }
                    list.add(new Community(c.code(), c.name(), c.index(), c.households(), c.workers(), c.store(),
                            List.copyOf(neighbours)));
                }
                streets.add(new Street(s.code(), s.name(), List.copyOf(list)));
            }
            districts.add(new District(d.code(), d.name(), List.copyOf(streets)));
        }
        return new City(city.code(), city.name(), city.seed(), List.copyOf(districts));
    }
}
