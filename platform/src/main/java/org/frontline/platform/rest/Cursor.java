package org.frontline.platform.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.problem.ProblemException;

/**
 * An opaque position in a list: the sort key of the last row a page showed, for {@code ?cursor=}. The token is
 * base64url (no padding) of {@code v1␟list␟key…␟check}, where {@code check} is the first 8 bytes of SHA-256 over the
 * rest — a checksum against accidents, not a signature: a cursor cut short, mistyped or taken from another list is a
 * 400 (problem+json, field {@code cursor}), never a 500; one recomputed by hand is accepted. It is not a secret and grants nothing: the area scope and the filters apply on
 * every page, so a forged position can only start a page elsewhere in what the caller may see anyway.
 */
public final class Cursor {

    static final String VERSION = "v1";
    private static final char SEPARATOR = '\u001f';

    private Cursor() {
    }

    /** The token for a position after the row with these sort keys ({@link OffsetDateTime}, {@link UUID}, numbers, strings). */
    public static String encode(String list, Object... keys) {
        StringBuilder payload = new StringBuilder(VERSION).append(SEPARATOR).append(list);
        for (Object key : keys) {
            payload.append(SEPARATOR).append(text(key));
        }
        String body = payload.toString();
        String token = body + SEPARATOR + check(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The keys of a token made by {@link #encode} for {@code list}, as text, {@code arity} of them. Anything else is
     * a 400 naming the parameter {@code cursor}.
     */
    public static Position decode(String token, String list, int arity) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int last = text.lastIndexOf(SEPARATOR);
        if (last < 0 || !check(text.substring(0, last)).equals(text.substring(last + 1))) {
            throw invalid();
        }
        List<String> parts = List.of(text.substring(0, last).split(String.valueOf(SEPARATOR), -1));
        if (parts.size() != arity + 2 || !VERSION.equals(parts.get(0)) || !list.equals(parts.get(1))) {
            throw invalid();
        }
        return new Position(new ArrayList<>(parts.subList(2, parts.size())));
    }

    /** The decoded keys of a cursor; a key of the wrong kind is a 400 too. */
    public record Position(List<String> keys) {

        public OffsetDateTime time(int i) {
            try {
                return Instant.parse(keys.get(i)).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw invalid();
            }
        }

        public UUID uuid(int i) {
            try {
                return UUID.fromString(keys.get(i));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
        }

        public long number(int i) {
            try {
                return Long.parseLong(keys.get(i));
            } catch (NumberFormatException e) {
                throw invalid();
            }
        }

        public String text(int i) {
            return keys.get(i);
        }
    }

    static ProblemException invalid() {
        return ProblemException.badRequest("Invalid cursor",
                "cursor must be a nextCursor this list answered (or empty for the first page)", "cursor");
    }

    private static String text(Object key) {
        if (key instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (key == null) {
            throw new IllegalArgumentException("a sort key is null");
        }
        String s = key.toString();
        if (s.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a sort key contains the separator");
        }
        return s;
    }

    private static String check(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
