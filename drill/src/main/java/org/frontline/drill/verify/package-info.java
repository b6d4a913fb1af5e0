/**
 * The verifier: does the running suite show exactly what the drill injected?
 *
 * <p>{@link org.frontline.drill.verify.Observer} reads the suite through the gateway with the drill user's token —
 * alert-service's alerts of the city (every page; the first alarm day from each alert's log) and the gateway's open
 * alerts; the gateway's figures of the city per run day ({@code /overview?area=CITY&date=D}) and of every community
 * (the children of each street's overview); every report template ({@code GET /reports}, its latest definition:
 * row level, filters) rendered in JSON for the city on every run day; each service's own count of the city (list
 * {@code total}s, the supplies ledgers for issues); alert-service's {@code uncovered-shift-hours} and
 * {@code items-stock-out} series; supplies-service's items at {@code STOCK_OUT} — and counts the city's events on
 * the four topics with a read-only Kafka consumer ({@link org.frontline.drill.verify.TopicCounter}: no group, every
 * partition from the first record sent since the run's start minus 10 minutes — from the beginning when the start is
 * unknown — to the end offsets taken when it starts). It first waits (the settle timeout) until the gateway's city
 * figures, the expected alerts and alert-service's signals of the city (fever-screenings, positive-tests,
 * new-quarantines, uncovered-shift-hours, items-stock-out) equal the truth, printing what it still waits for; then
 * one detection sweep passes and the alert list is read until two reads agree. After the timeout it compares what it
 * has (an alert-service signal still short is an observe problem), and the difference is the verdict.
 *
 * <p>{@link org.frontline.drill.verify.Verifier#verify} is a pure function of the ground truth and those
 * {@link org.frontline.drill.verify.Observations}; {@link org.frontline.drill.verify.Verdict#table()} prints one
 * line per check — section, check, expected, actual, ok/FAIL/n/c — and the summary "N checks, M failed[, K not
 * compared] — PASSED/FAILED":
 * <ul>
 * <li><b>observe</b>: a source that answered an error (always FAIL);</li>
 * <li><b>alerts</b>: each expected alert open in its community on its signal, at exactly its level, first alarm
 * between onset and the latest day, listed by the gateway's open alerts; any other alert in the city (an outbreak
 * community's too) is a FAIL of its own;</li>
 * <li><b>kpi</b>: per metric and day the city figure the truth expects (a single check for every cell that must be
 * 0), then one line per community, metric and day that differs, and a summary of all community cells — the truth's
 * 12 metrics, campaign target/reached 0 and coverage none, the open alerts from the expected ones;
 * {@code lowestDaysOfCover} is one not-compared ({@code n/c}) line;</li>
 * <li><b>reports</b>: per template and date one line for all rows and the totals, a FAIL line per differing cell,
 * missing or extra row; open alerts are derived from the expected alerts only; a {@code lowestDaysOfCover} column
 * is a not-compared line with what it showed;</li>
 * <li><b>facts</b>: per kind the service's count (one not read is a FAIL) = distinct event ids on its topic = distinct
 * fact ids among them = the gateway's projection = the truth (a way that does not exist for a kind is left out; the
 * alerts opened are expected from the truth's alerts), and one FAIL line per doubled fact (two events, one fact
 * id);</li>
 * <li><b>staffing</b>, <b>supplies</b>: uncovered shift hours and stock-outs in the communities the scenario caused
 * them in, and none in any other.</li>
 * </ul>
 */
package org.frontline.drill.verify;
