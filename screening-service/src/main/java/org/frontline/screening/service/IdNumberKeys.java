package org.frontline.screening.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.frontline.screening.config.ScreeningConfig;

/**
 * The keys of ID-number hashes: the current one (new hashes) and the retired ones
 * ({@code screening.id-number-hash.retired."<id>"=<secret>}), so a hash made before a rotation still matches.
 * Duplicate detection and search look for the hashes under every configured key.
 */
@ApplicationScoped
public class IdNumberKeys {

    /** A hash and the id of the key that made it. */
    public record Hash(String keyId, String value) {
    }

    private final String currentId;
    private final Map<String, String> keys = new LinkedHashMap<>();

    public IdNumberKeys(ScreeningConfig screening) {
        this.currentId = screening.idNumberHashKeyId();
        keys.put(currentId, screening.idNumberHashKey());
        screening.idNumberHash().retired().forEach(keys::putIfAbsent);
    }

    /** The hash to store for a new resident. */
    public Hash current(String idNumber) {
        return new Hash(currentId, IdNumbers.hash(idNumber, keys.get(currentId)));
    }

    /** The hash under every configured key, current first: what a stored hash of this number can be. */
    public List<String> candidates(String idNumber) {
        List<String> hashes = new ArrayList<>(keys.size());
        keys.values().forEach(secret -> hashes.add(IdNumbers.hash(idNumber, secret)));
        return hashes;
    }
}
