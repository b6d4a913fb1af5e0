package org.frontline.drill;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.frontline.drill.truth.GroundTruth;

/**
 * The JSON a run writes ({@code --out}): what was played, the ground truth, what the requests did, the verdict and —
 * for a scenario with a {@code load} section — the benchmark. {@code drill verify --result} reads the ground truth
 * back; {@code drill report} prints and charts it.
 */
public class RunResult {

    public String tool = "frontline-drill";
    public String scenario;
    public String runId;
    public OffsetDateTime startedAt;
    public OffsetDateTime finishedAt;
    /** the options that shaped the run: city code, seed, communities, seconds per day, base URL */
    public Map<String, Object> options = new LinkedHashMap<>();
    /** requests, errors, retries, latency percentiles (ms) of the play */
    public Map<String, Object> requests = new LinkedHashMap<>();
    public GroundTruth truth;
    /** the verifier's checks and its verdict (null when not verified) */
    public Object verdict;
    /** why {@link #verdict} is null although verifying was asked: the verifier crashed or could not read the suite */
    public String verifyError;
    /** citywide-surge: the benchmark's steps, percentiles, lag, memory and chart (null otherwise) */
    public Object benchmark;
}
