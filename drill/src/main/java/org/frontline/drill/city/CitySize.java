package org.frontline.drill.city;

import java.util.Map;

/**
 * How big a generated city is: communities (3 … 6,000), households a community, residents a household (uniform in
 * min … max), staff and volunteers a community, and each store's opening stock (item code → quantity).
 */
public record CitySize(int communities, int householdsPerCommunity, int minResidentsPerHousehold,
        int maxResidentsPerHousehold, int staffPerCommunity, int volunteersPerCommunity,
        Map<String, Integer> openingStock) {

    public void check() {
        if (communities < CityGenerator.MIN_COMMUNITIES || communities > CityGenerator.MAX_COMMUNITIES) {
            throw new IllegalArgumentException("communities must be " + CityGenerator.MIN_COMMUNITIES + " … "
                    + CityGenerator.MAX_COMMUNITIES + ", not " + communities);
        }
        if (householdsPerCommunity < 1 || householdsPerCommunity > 2000) {
            throw new IllegalArgumentException("households per community must be 1 … 2000");
        }
        if (minResidentsPerHousehold < 1 || maxResidentsPerHousehold < minResidentsPerHousehold
                || maxResidentsPerHousehold > 12) {
            throw new IllegalArgumentException("residents per household must be 1 ≤ min ≤ max ≤ 12");
        }
        if (staffPerCommunity < 1 || volunteersPerCommunity < 0) {
            throw new IllegalArgumentException("a community needs at least one staff member");
        }
    }
}
