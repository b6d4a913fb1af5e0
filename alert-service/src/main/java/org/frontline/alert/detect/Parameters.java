package org.frontline.alert.detect;

/**
 * The parameters of every method; a null field takes the method's default (see {@link Detectors}). All fields are
 * accepted for every method; each method reads its own.
 *
 * @param baseline       EARS: the reference window's length B in days (default 7, at least 3)
 * @param alpha          EARS C1/C2: the false-alarm rate, z = Φ⁻¹(1 − alpha) (default 0.001)
 * @param z              EARS C1/C2: the multiplier itself (wins over alpha when both are given)
 * @param minSigma       EARS: the floor of σ (default 0 for C1/C2, 0.1 for C3)
 * @param threshold      EARS C3: alarm when C3 > threshold (default 2)
 * @param k              CUSUM: the reference value (default 1.04)
 * @param h              CUSUM: the decision interval (default 2.26)
 * @param referenceDays  CUSUM: the reference period at the start of the series when m is not given (default 28)
 * @param m              CUSUM: the expected count (default: the mean of the reference period)
 * @param resetAfterAlarm CUSUM: start again from 0 the day after an alarm (default false)
 */
public record Parameters(Integer baseline, Double alpha, Double z, Double minSigma, Double threshold, Double k,
        Double h, Integer referenceDays, Double m, Boolean resetAfterAlarm) {

    public static final Parameters DEFAULTS = new Parameters(null, null, null, null, null, null, null, null, null,
            null);
}
