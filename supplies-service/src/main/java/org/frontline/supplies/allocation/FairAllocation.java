package org.frontline.supplies.allocation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The split of a scarce item among open requisitions by need — pure arithmetic, the one statement of the formula
 * (supplies-service README, "Fair allocation"):
 *
 * <pre>
 * weight = (population + quarantineWeight × inQuarantine) × (1 + max(0, minDays − cover) / minDays)
 * </pre>
 *
 * {@code cover} is the store's days of cover of the item: 0 when it is out of stock, and when nothing is being
 * used (no rate) there is no urgency bonus. If every weight is 0 the split is even. Then water-filling: each gets
 * available × weight ÷ Σweight of those not yet capped; a share reaching its request is capped there and the rest
 * is split again among the others. Whole units by largest remainder (ties: the earlier requisition first), so the
 * proposals add up to exactly the available quantity, each at most its request.
 */
public final class FairAllocation {

    private static final MathContext MC = MathContext.DECIMAL64;

    private FairAllocation() {
    }

    /** What the formula weighs for one requisition; {@code cover} null = no rate (no urgency bonus). */
    public record Need(long requested, long population, long inQuarantine, BigDecimal cover, BigDecimal minDays) {
    }

    /** The need's weight (see the class comment). */
    public static BigDecimal weight(Need need, int quarantineWeight) {
        BigDecimal base = BigDecimal.valueOf(need.population())
                .add(BigDecimal.valueOf(quarantineWeight).multiply(BigDecimal.valueOf(need.inQuarantine())));
        BigDecimal urgency = BigDecimal.ONE;
        if (need.cover() != null && need.minDays().signum() > 0) {
            BigDecimal gap = need.minDays().subtract(need.cover()).max(BigDecimal.ZERO);
            urgency = urgency.add(gap.divide(need.minDays(), MC));
        }
        return base.multiply(urgency, MC);
    }

    /**
     * Σ requested without overflow: at most {@link Long#MAX_VALUE} (the sum is exact below it), so a huge request
     * can never turn the total, and with it a proposal, negative.
     */
    public static long total(List<Long> requested) {
        BigInteger sum = BigInteger.ZERO;
        for (Long r : requested) {
            sum = sum.add(BigInteger.valueOf(r));
        }
        return sum.min(BigInteger.valueOf(Long.MAX_VALUE)).max(BigInteger.ZERO).longValue();
    }

    /**
     * Whole-unit proposals, in the order of {@code weights}: Σ = min(available, Σrequested), each ≤ its request.
     */
    public static List<Long> split(long available, List<Long> requested, List<BigDecimal> weights) {
        int n = requested.size();
        long total = total(requested);
        List<Long> result = new ArrayList<>();
        if (available >= total) {
            return List.copyOf(requested);
        }
        List<BigDecimal> w = new ArrayList<>(weights);
        if (w.stream().allMatch(x -> x.signum() == 0)) {
            w.replaceAll(x -> BigDecimal.ONE);
        }
        BigDecimal[] share = new BigDecimal[n];
        boolean[] capped = new boolean[n];
        BigDecimal left = BigDecimal.valueOf(Math.max(0, available));
        boolean again = true;
        while (again) {
            again = false;
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                if (!capped[i]) {
                    sum = sum.add(w.get(i));
                }
            }
            if (sum.signum() == 0) {
                // only weightless requests are left: they share what remains evenly
                for (int i = 0; i < n; i++) {
                    if (!capped[i]) {
                        w.set(i, BigDecimal.ONE);
                        sum = sum.add(BigDecimal.ONE);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (!capped[i]) {
                    share[i] = left.multiply(w.get(i), MC).divide(sum, MC);
                }
            }
            for (int i = 0; i < n; i++) {
                BigDecimal req = BigDecimal.valueOf(requested.get(i));
                if (!capped[i] && share[i].compareTo(req) >= 0) {
                    capped[i] = true;
                    share[i] = req;
                    left = left.subtract(req);
                    again = true;
                }
            }
        }
        long given = 0;
        for (int i = 0; i < n; i++) {
            long whole = Math.min(requested.get(i), share[i].setScale(0, RoundingMode.FLOOR).longValueExact());
            result.add(whole);
            given += whole;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        final BigDecimal[] s = share;
        order.sort(Comparator.comparing((Integer i) -> s[i].subtract(BigDecimal.valueOf(result.get(i)))).reversed()
                .thenComparing(i -> i));
        long target = Math.max(0, available);
        for (int k = 0; given < target && k < order.size() * 2; k++) {
            int i = order.get(k % order.size());
            if (result.get(i) < requested.get(i)) {
                result.set(i, result.get(i) + 1);
                given++;
            }
        }
        return result;
    }
}
