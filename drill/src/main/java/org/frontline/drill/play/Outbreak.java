package org.frontline.drill.play;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.frontline.drill.city.City;
import org.frontline.drill.scenario.Scenario;

/**
 * The planted outbreak, worked out before anything is sent (a pure function of the city, the scenario's
 * {@code outbreak} and the seed, so the same seed plays the same outbreak whatever the threads do):
 * <ul>
 * <li>it starts on {@code onsetDay} in the community of index {@code startCommunity} (default 0) with
 * {@code initialCases} new cases (default 1);</li>
 * <li>each later day an infected community has round(yesterday's new cases × {@code growthRate}) new cases (default
 * growth 1.5; at least 1);</li>
 * <li>at the end of each day every infected community (in city order) seeds each neighbour not yet infected, with
 * {@code spreadProbability} (default 0.3; one draw of a {@code Random(seed)} per try, in that order), with one case
 * the next day.</li>
 * </ul>
 * The player caps each day's new cases at the residents not yet infected.
 */
public final class Outbreak {

    /** community code → new cases per simulated day (index = day); only infected communities are present. */
    private final Map<String, int[]> newCases;
    private final Map<String, Integer> onset;

    private Outbreak(Map<String, int[]> newCases, Map<String, Integer> onset) {
        this.newCases = newCases;
        this.onset = onset;
    }

    public static Outbreak none() {
        return new Outbreak(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public static Outbreak plan(City city, Scenario.Outbreak o, int days, long seed) {
        if (o == null) {
            return none();
        }
        List<City.Community> all = city.communities().toList();
        int start = o.startCommunity() == null ? 0 : o.startCommunity();
        if (start < 0 || start >= all.size()) {
            throw new IllegalArgumentException("outbreak.startCommunity " + start + " is not a community of a city of "
                    + all.size());
        }
        int initial = o.initialCases() == null ? 1 : o.initialCases();
        double growth = o.growthRate() == null ? 1.5 : o.growthRate();
        double spread = o.spreadProbability() == null ? 0.3 : o.spreadProbability();
        Random random = new Random(seed * 31 + 0x0B5EL);
        Map<String, int[]> cases = new LinkedHashMap<>();
        Map<String, Integer> onset = new LinkedHashMap<>();
        Map<String, City.Community> byCode = new LinkedHashMap<>();
        all.forEach(c -> byCode.put(c.code(), c));
        String first = all.get(start).code();
        cases.put(first, new int[days]);
        onset.put(first, o.onsetDay());
        cases.get(first)[o.onsetDay()] = Math.max(1, initial);
        for (int day = o.onsetDay(); day < days; day++) {
            for (City.Community c : all) {
                Integer on = onset.get(c.code());
                if (on == null || on >= day) {
                    continue;
                }
                int[] series = cases.get(c.code());
                series[day] = Math.max(1, (int) Math.round(series[day - 1] * growth));
            }
            if (day + 1 >= days) {
                break;
            }
            List<String> seeded = new ArrayList<>();
            for (City.Community c : all) {
                Integer on = onset.get(c.code());
                if (on == null || on > day) {
                    continue;
                }
                for (String n : c.neighbours()) {
                    if (!onset.containsKey(n) && !seeded.contains(n) && random.nextDouble() < spread) {
                        seeded.add(n);
                    }
                }
            }
            for (String n : seeded) {
                int[] series = new int[days];
                series[day + 1] = 1;
                cases.put(n, series);
                onset.put(n, day + 1);
            }
        }
        return new Outbreak(cases, onset);
    }

    /** New cases in {@code community} on simulated day {@code day} (0 when not infected). */
    public int newCases(String community, int day) {
        int[] series = newCases.get(community);
        return series == null ? 0 : series[day];
    }

    /** The simulated day the outbreak reached {@code community}, or null. */
    public Integer onset(String community) {
        return onset.get(community);
    }

    /** Infected (an outbreak community) on simulated day {@code day}: its onset was that day or earlier. */
    public boolean active(String community, int day) {
        Integer on = onset.get(community);
        return on != null && on <= day;
    }

    public Map<String, Integer> onsets() {
        return Map.copyOf(onset);
    }
}
