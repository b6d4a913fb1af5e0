package org.frontline.platform.security;

import java.util.regex.Pattern;

/**
 * The 12-digit statistical division code {@code PP CC DD TTT VVV} (province, city, district, street/town,
 * community) and its prefixes, which name whole areas.
 */
public final class AreaCodes {

    private static final Pattern COMMUNITY = Pattern.compile("\\d{12}");
    private static final Pattern PREFIX = Pattern.compile("\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12}");

    private AreaCodes() {
    }

    /** Twelve digits, with a non-zero community part ({@code 000} would be the street itself). */
    public static boolean isCommunityCode(String code) {
        return code != null && COMMUNITY.matcher(code).matches() && !code.endsWith("000");
    }

    /** A prefix at a level boundary: province (2), city (4), district (6), street (9) or community (12). */
    public static boolean isAreaPrefix(String prefix) {
        return prefix != null && PREFIX.matcher(prefix).matches();
    }

    public static String level(String prefix) {
        return switch (prefix.length()) {
            case 2 -> "province";
            case 4 -> "city";
            case 6 -> "district";
            case 9 -> "street";
            case 12 -> "community";
            default -> "unknown";
        };
    }
}
