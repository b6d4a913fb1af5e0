package org.frontline.platform.ratelimit;

import org.frontline.platform.problem.ProblemException;

/** 429 {@code urn:frontline:problem:rate-limited}, answered with {@code Retry-After: <seconds>}. */
public class RateLimitedException extends ProblemException {

    private final long retryAfterSeconds;

    public RateLimitedException(String limit, int requests, java.time.Duration window, long retryAfterSeconds) {
        super(429, "rate-limited", "Too many requests",
                "At most " + requests + " requests per " + describe(window) + " (" + limit + "); nothing was written. "
                        + "Try again in " + retryAfterSeconds + " s",
                null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static String describe(java.time.Duration window) {
        long s = window.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 == 1 ? "hour" : s / 3600 + " hours";
        }
        if (s % 60 == 0) {
            return s / 60 == 1 ? "minute" : s / 60 + " minutes";
        }
        return s + " seconds";
    }
}
