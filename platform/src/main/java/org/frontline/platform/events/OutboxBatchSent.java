package org.frontline.platform.events;

import java.util.List;

/**
 * Fired (synchronously, inside the relay's transaction) after the broker acknowledged a batch and before
 * the rows are marked published. An observer that throws makes the relay behave as if it crashed at that
 * point: the rows stay pending and are sent again, which consumers absorb through their inbox.
 */
public record OutboxBatchSent(List<Long> rowIds) {
}
