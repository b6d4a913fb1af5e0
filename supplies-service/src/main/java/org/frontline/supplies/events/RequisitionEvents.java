package org.frontline.supplies.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.frontline.platform.events.DomainEvent;
import org.frontline.platform.events.EventType;

/** Requisitions and transfers. A requisition is about its community; a transfer about its destination's area. */
public final class RequisitionEvents {

    private RequisitionEvents() {
    }

    public record RequestedLine(String itemCode, long requested) {
    }

    public record DecidedLine(String itemCode, long requested, long approved) {
    }

    public record TransferLine(String itemCode, String lotCode, long dispatched) {
    }

    public record ReceivedLine(String itemCode, String lotCode, long dispatched, long received) {
    }

    /** A community store asked a depot for items. */
    @EventType(name = "RequisitionSubmitted", version = 1)
    public record RequisitionSubmitted(UUID requisitionId, String communityCode, UUID siteId, UUID depotId,
            String depotArea, List<RequestedLine> lines, OffsetDateTime submittedAt) implements DomainEvent {
    }

    /** A district officer decided: {@code decision} APPROVED (in whole), PARTIALLY_APPROVED or REFUSED. */
    @EventType(name = "RequisitionDecided", version = 1)
    public record RequisitionDecided(UUID requisitionId, String communityCode, UUID depotId, String decision,
            List<DecidedLine> lines, OffsetDateTime decidedAt) implements DomainEvent {
    }

    /** Stock left a site for another (first-expiry-first-out); it is in transit until received. */
    @EventType(name = "TransferDispatched", version = 1)
    public record TransferDispatched(UUID transferId, UUID fromSiteId, String fromArea, UUID toSiteId, String toArea,
            UUID requisitionId, List<TransferLine> lines, OffsetDateTime dispatchedAt) implements DomainEvent {

        @Override
        public String subject() {
            return toArea;
        }
    }

    /** The destination received a transfer; {@code received} may differ from {@code dispatched} per line. */
    @EventType(name = "TransferReceived", version = 1)
    public record TransferReceived(UUID transferId, UUID fromSiteId, String fromArea, UUID toSiteId, String toArea,
            UUID requisitionId, List<ReceivedLine> lines, OffsetDateTime receivedAt) implements DomainEvent {

        @Override
        public String subject() {
            return toArea;
        }
    }
}
