package org.frontline.alert.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.frontline.platform.jobs.ClusterJob;

/** A scheduled job's round as pages, each its own {@link ClusterJob#runOnce} transaction, until one comes back short. */
public final class JobPages {

    private JobPages() {
    }

    /** Returns the rows the pages took, or -1 when another replica held the job at the first page. */
    public static int run(ClusterJob jobs, String name, int size, IntSupplier page) {
        int total = 0;
        AtomicInteger taken = new AtomicInteger();
        do {
            taken.set(0);
            if (!jobs.runOnce(name, () -> taken.set(page.getAsInt()))) {
                return total == 0 ? -1 : total;
            }
            total += taken.get();
        } while (taken.get() == size);
        return total;
    }
}
