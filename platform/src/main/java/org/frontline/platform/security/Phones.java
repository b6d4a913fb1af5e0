package org.frontline.platform.security;

/**
 * Phone numbers as every service accepts and shows them: an 11-digit mainland mobile number, shown masked
 * ({@code 138****5678}) to roles that do not need to call the person. Which roles see the full number is each
 * resource's decision (it says so in its OpenAPI description); the shape of the mask is the same everywhere.
 */
public final class Phones {

    /** For {@code @Pattern(regexp = Phones.MOBILE, message = Phones.MOBILE_MESSAGE)}. */
    public static final String MOBILE = "1\\d{10}";
    /** A message key (ContributorValidationMessages, platform): the text follows the request's Accept-Language. */
    public static final String MOBILE_MESSAGE = "{frontline.phone.mobile}";

    /**
     * A full mobile number, or one masked as {@link #mask} shows it: a client that edits a record whose phone it was
     * shown masked sends the mask back unchanged to mean "keep the number" ({@link #isMasked}).
     */
    public static final String MOBILE_OR_MASKED = "1\\d{10}|1\\d{2}\\*{4}\\d{4}";
    public static final String MOBILE_OR_MASKED_MESSAGE = "{frontline.phone.mobile-or-masked}";

    private Phones() {
    }

    /** Whether {@code phone} is a masked number ({@code 138****5678}), not one that can be called. */
    public static boolean isMasked(String phone) {
        return phone != null && phone.indexOf('*') >= 0;
    }

    /** {@code 13812345678} → {@code 138****5678}; anything shorter than 7 characters → {@code ****}. */
    public static String mask(String phone) {
        if (phone == null || phone.length() < 7) {
            return phone == null ? null : "****";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
