package org.frontline.drill.play;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.frontline.drill.city.City;

/**
 * The generated city as the suite knows it after {@code Player.setUp}: the suite's ids of what was registered, by the
 * city's stable keys. Thread-safe maps (registration runs on several threads).
 */
public record RegisteredCity(City city,
        /** household key → screening-service household id */
        Map<String, String> households,
        /** resident key → screening-service resident id */
        Map<String, String> residents,
        /** worker key → roster-service person id */
        Map<String, String> people,
        /** community code → supplies-service store (site) id */
        Map<String, String> stores) {

    public RegisteredCity(City city) {
        this(city, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                new ConcurrentHashMap<>());
    }

    /** The suite's resident ids of one community, in the city's order. */
    public List<String> residentIds(String communityCode) {
        return city.community(communityCode).residents().map(r -> residents.get(r.key()))
                .filter(id -> id != null).toList();
    }
}
