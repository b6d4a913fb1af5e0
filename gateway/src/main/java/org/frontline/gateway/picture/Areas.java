package org.frontline.gateway.picture;

import java.util.ArrayList;
import java.util.List;

import org.frontline.platform.security.AreaCodes;

/** The area-code hierarchy: province (2) → city (4) → district (6) → street (9) → community (12). */
public final class Areas {

    /** The prefix lengths, top down. */
    public static final int[] LENGTHS = {2, 4, 6, 9, 12};

    private Areas() {
    }

    /** The code itself and every wider area containing it, narrowest first: 12, 9, 6, 4, 2 digits. */
    public static List<String> selfAndAncestors(String code) {
        List<String> chain = new ArrayList<>(5);
        for (int i = LENGTHS.length - 1; i >= 0; i--) {
            if (LENGTHS[i] <= code.length()) {
                chain.add(code.substring(0, LENGTHS[i]));
            }
        }
        return chain;
    }

    /** The next wider area, or null for a province. */
    public static String parent(String code) {
        for (int i = LENGTHS.length - 1; i >= 0; i--) {
            if (LENGTHS[i] < code.length()) {
                return code.substring(0, LENGTHS[i]);
            }
        }
        return null;
    }

    /** The length of the codes one level below, or -1 for a community. */
    public static int childLength(String code) {
        for (int length : LENGTHS) {
            if (length > code.length()) {
                return length;
            }
        }
        return -1;
    }

    public static String level(String code) {
        return AreaCodes.level(code);
    }

    /** The level names in the API and in report templates, by code length. */
    public static int lengthOfLevel(String level) {
        return switch (level) {
            case "province" -> 2;
            case "city" -> 4;
            case "district" -> 6;
            case "street" -> 9;
            case "community" -> 12;
            default -> -1;
        };
    }
}
