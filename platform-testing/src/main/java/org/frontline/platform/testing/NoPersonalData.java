package org.frontline.platform.testing;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Events never carry personal data (DESIGN: only a pseudonymous resident id). Checks field names, at every
 * depth, of event records and of payloads read from a topic: no name, phone, ID number, account, e-mail,
 * address, free-text note or who-recorded-it fields (an enum named {@code reason} is fine). A field name is what a careless change adds;
 * a digit string is not a reliable sign of a leak.
 */
public final class NoPersonalData {

    /** Exact field names (lower case) that are personal data or may hold it. */
    static final Set<String> FORBIDDEN = Set.of("name", "fullname", "firstname", "lastname", "surname", "account",
            "username", "login", "user", "email", "address", "note", "comment", "birthdate", "dateofbirth",
            "recordedby", "createdby", "visitedby", "changedby", "updatedby", "releasedby", "writer", "sub", "subject");
    /** Parts of a field name that are personal data wherever they appear. */
    static final List<String> FORBIDDEN_PARTS = List.of("phone", "mobile", "idnumber", "idcard", "passport", "email",
            "address", "name");

    private NoPersonalData() {
    }

    /** Throws AssertionError naming every field of the records (and records nested in them) that looks personal. */
    public static void assertRecords(Class<?>... events) {
        assertRecordsExcept(java.util.Set.of(), events);
    }

    /**
     * As {@link #assertRecords}, but {@code reviewed} names fields ({@code "StockSiteRegistered.name"}) that a
     * person has checked are not about a person (the name of a store, not of its keeper). Keep the list short
     * and say why next to it.
     */
    public static void assertRecordsExcept(java.util.Set<String> reviewed, Class<?>... events) {
        List<String> found = new ArrayList<>();
        for (Class<?> event : events) {
            collect(event, event.getSimpleName(), found, 0);
        }
        found.removeIf(reviewed::contains);
        if (!found.isEmpty()) {
            throw new AssertionError("event fields that may carry personal data: " + found);
        }
    }

    /** Throws AssertionError naming every field of the JSON payload that looks personal. */
    public static void assertPayload(String json) {
        try {
            List<String> found = new ArrayList<>();
            collect(new ObjectMapper().readTree(json), "$", found);
            if (!found.isEmpty()) {
                throw new AssertionError("payload fields that may carry personal data: " + found + " in " + json);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("payload is not JSON: " + json, e);
        }
    }

    static boolean personal(String field) {
        String f = field.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return FORBIDDEN.contains(f) || FORBIDDEN_PARTS.stream().anyMatch(f::contains);
    }

    private static void collect(Class<?> type, String path, List<String> found, int depth) {
        if (!type.isRecord() || depth > 5) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (personal(c.getName())) {
                found.add(path + "." + c.getName());
            }
            collect(c.getType(), path + "." + c.getName(), found, depth + 1);
        }
    }

    private static void collect(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                var field = it.next();
                if (personal(field.getKey())) {
                    found.add(path + "." + field.getKey());
                }
                collect(field.getValue(), path + "." + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", found);
            }
        }
    }
}
