package org.frontline.alert.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.Detector;
import org.frontline.alert.DetectorVersion;
import org.frontline.alert.signal.Signal;
import org.frontline.platform.problem.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Detectors as data (README "Detectors"): every change writes a {@link DetectorVersion} and moves
 * {@link Detector#version} on; nothing is deleted (an alert points at the version that fired). Which detectors
 * apply to a community is {@link #applicable}.
 */
@ApplicationScoped
@Transactional
public class DetectorService {

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DetectorService(EntityManager em, ObjectMapper mapper, Clock clock) {
        this.em = em;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Detector create(String areaCode, Signal signal, Detector.Method method, String name, Alert.Level level,
            Map<String, Object> params, boolean enabled, String by) {
        Map<String, Object> clean = DetectorParams.validate(method, params);
        String stripped = name.strip();
        if (Detector.count("areaCode = ?1 and signal = ?2 and name = ?3", areaCode, signal, stripped) > 0) {
            throw ProblemException.conflict("Detector exists", "A detector named " + stripped + " on "
                    + signal.path() + " exists for area " + areaCode + "; change it instead");
        }
        Detector d = new Detector();
        d.id = UUID.randomUUID();
        d.areaCode = areaCode;
        d.signal = signal;
        d.method = method;
        d.name = stripped;
        d.level = level;
        d.params = json(clean);
        d.enabled = enabled;
        d.version = 0;
        record(d, by);
        d.persist();
        em.flush();
        writeVersion(d);
        return d;
    }

    /**
     * Changes a detector's level, params or enabled (null: keep) against the version the editor read; a stale
     * {@code expectedVersion} is a 409. Disabling is such a change (the versions stay).
     */
    public Detector update(UUID id, int expectedVersion, Alert.Level level, Map<String, Object> params,
            Boolean enabled, String by) {
        Detector d = em.find(Detector.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (d == null) {
            throw ProblemException.notFound("Detector", id);
        }
        if (d.version != expectedVersion) {
            throw ProblemException.conflict("Stale detector version", "Detector " + d.id + " is at version "
                    + d.version + ", not " + expectedVersion + "; read it again").with("version", d.version);
        }
        if (params != null) {
            d.params = json(DetectorParams.validate(d.method, params));
        }
        if (level != null) {
            d.level = level;
        }
        if (enabled != null) {
            d.enabled = enabled;
        }
        record(d, by);
        writeVersion(d);
        return d;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DetectorVersion> versions(UUID detectorId) {
        return DetectorVersion.list("detectorId = ?1 order by version", detectorId);
    }

    /**
     * The detectors that apply to a community on a signal: those whose area is a prefix of it; among those with
     * the same name the most specific area wins, and a disabled winner hides the wider same-named one too (a
     * district switches a city detector off by disabling its own of that name). Only enabled winners are returned.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Detector> applicable(Signal signal, String community) {
        return select(Detector.list("signal = ?1 and ?2 like concat(areaCode, '%')", signal, community), community);
    }

    /** Every detector on a signal (enabled or not): a detection page reads them once and selects per community. */
    public List<Detector> onSignal(Signal signal) {
        return Detector.list("signal", signal);
    }

    /** Of {@code detectors} (one signal), those that apply to {@code community}, by the rule of {@link #applicable}. */
    public static List<Detector> select(List<Detector> detectors, String community) {
        List<Detector> all = detectors.stream().filter(d -> community.startsWith(d.areaCode)).toList();
        Map<String, Detector> byName = new LinkedHashMap<>();
        all.stream().sorted(Comparator.comparingInt((Detector d) -> d.areaCode.length()).reversed())
                .forEach(d -> byName.putIfAbsent(d.name, d));
        List<Detector> result = new ArrayList<>();
        byName.values().stream().filter(d -> d.enabled).sorted(Comparator.comparing(d -> d.name))
                .forEach(result::add);
        return result;
    }

    public Map<String, Object> params(Detector d) {
        return params(d.params);
    }

    public Map<String, Object> params(String json) {
        try {
            return mapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("detector params are not JSON: " + json, e);
        }
    }

    private String json(Map<String, Object> params) {
        try {
            return mapper.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(Detector d, String by) {
        d.version++;
        d.updatedBy = by;
        d.updatedAt = OffsetDateTime.now(clock);
    }

    private void writeVersion(Detector d) {
        DetectorVersion v = new DetectorVersion();
        v.detectorId = d.id;
        v.version = d.version;
        v.method = d.method;
        v.level = d.level;
        v.params = d.params;
        v.enabled = d.enabled;
        v.changedBy = d.updatedBy;
        v.changedAt = d.updatedAt;
        v.persist();
    }
}
