package org.frontline.alert.detect;

/**
 * The detectors as plain functions over arrays (no framework or database types here), written to be read against
 * alert-service's README ("Detectors"). A series is a {@code Double[]} of daily counts, {@code null} for a missing
 * day; the answer is aligned with it.
 */
public final class Detectors {

    public static final int DEFAULT_BASELINE = 7;
    public static final double DEFAULT_ALPHA = 0.001;
    public static final double DEFAULT_C3_THRESHOLD = 2.0;
    public static final double DEFAULT_C3_MIN_SIGMA = 0.1;
    public static final double DEFAULT_K = 1.04;
    public static final double DEFAULT_H = 2.26;
    public static final int DEFAULT_REFERENCE_DAYS = 28;

    private Detectors() {
    }

    public static Evaluation evaluate(Method method, Double[] observed, Parameters p) {
        return switch (method) {
            case EARS_C1 -> ears(observed, p, 0);
            case EARS_C2 -> ears(observed, p, 2);
            case EARS_C3 -> throw new UnsupportedOperationException("EARS C3: see issue 11 work package detectors");
            case CUSUM -> throw new UnsupportedOperationException("CUSUM: see issue 11 work package detectors");
        };
    }

    /** EARS C1 (guard 0) and C2 (guard 2): the window is the B days ending guard + 1 days before t. */
    static Evaluation ears(Double[] y, Parameters p, int guard) {
        int b = p.baseline() != null ? p.baseline() : DEFAULT_BASELINE;
        double minSigma = p.minSigma() != null ? p.minSigma() : 0;
        double z = p.z() != null ? p.z() : Normal.quantile(1 - (p.alpha() != null ? p.alpha() : DEFAULT_ALPHA));
        Evaluation e = Evaluation.empty(y.length);
        for (int t = b + guard; t < y.length; t++) {
            int from = t - guard - b;
            double sum = 0;
            boolean complete = true;
            for (int u = from; u < from + b; u++) {
                if (y[u] == null) {
                    complete = false;
                    break;
                }
                sum += y[u];
            }
            if (!complete) {
                continue;
            }
            double mean = sum / b;
            double squares = 0;
            for (int u = from; u < from + b; u++) {
                squares += (y[u] - mean) * (y[u] - mean);
            }
            double sigma = Math.max(Math.sqrt(squares / (b - 1)), minSigma);
            e.upperbound()[t] = mean + z * sigma;
            if (y[t] != null) {
                e.statistic()[t] = sigma == 0 ? null : (y[t] - mean) / sigma;
                e.alarm()[t] = y[t] > e.upperbound()[t];
            }
        }
        return e;
    }
}
