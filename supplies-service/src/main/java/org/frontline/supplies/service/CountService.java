package org.frontline.supplies.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Item;
import org.frontline.supplies.StockCount;
import org.frontline.supplies.StockCountLine;
import org.frontline.supplies.StockLot;
import org.frontline.supplies.StockSite;
import org.frontline.supplies.config.SuppliesConfig;
import org.frontline.supplies.service.CountSheet.RowError;
import org.frontline.supplies.service.CountSheet.SheetRow;

/**
 * Physical counts from a sheet (README "Count sheet"): upload → PREVIEW (every row valid, or a 422 naming each bad
 * row and column and nothing stored) → confirm: each line posted through {@link Ledger#count} against what is on
 * hand then (POSTED), or discard (DISCARDED). A count leaves its PREVIEW once: the row is locked and versioned, so
 * a second confirm or discard, on any replica, is a 409.
 */
@ApplicationScoped
public class CountService {

    static final int MAX_LOT = 60;
    /** A lot code, as the API accepts it (StockResource.LOT). */
    static final java.util.regex.Pattern LOT = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,59}");
    /** The most units one line may count (as a posting's quantity), so on hand + a count never overflows. */
    static final long MAX_QUANTITY = 10_000_000;
    static final int MAX_FILE_NAME = 200;

    private final EntityManager em;
    private final Ledger ledger;
    private final SuppliesConfig config;
    private final Clock clock;

    public CountService(EntityManager em, Ledger ledger, SuppliesConfig config, Clock clock) {
        this.em = em;
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
    }

    /** A count with its lines in sheet order. */
    public record Counted(StockCount count, List<StockCountLine> lines) {
    }

    /** The largest sheet accepted, in bytes. */
    public int maxBytes() {
        return config.counts().maxBytes();
    }

    @Transactional
    public Counted preview(StockSite site, String mediaType, byte[] sheet, String fileName, String by) {
        if (sheet.length > maxBytes()) {
            throw new ProblemException(413, "too-large", "Sheet too large",
                    "a count sheet may have at most " + maxBytes() + " bytes", null);
        }
        List<SheetRow> rows = CountSheet.read(mediaType, sheet, config.counts().maxRows());
        List<RowError> errors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Item> items = new HashMap<>();
        List<StockCountLine> lines = new ArrayList<>();
        UUID countId = UUID.randomUUID();
        for (SheetRow row : rows) {
            int n = row.rowNo();
            String itemCode = row.get("itemCode");
            String lotCode = row.get("lotCode");
            Item item = null;
            if (itemCode.isEmpty()) {
                errors.add(new RowError(n, "itemCode", "the item code is blank"));
            } else {
                item = items.computeIfAbsent(itemCode, code -> Item.findById(code));
                if (item == null) {
                    errors.add(new RowError(n, "itemCode", "unknown item '" + itemCode + "'"));
                }
            }
            if (lotCode.isEmpty()) {
                errors.add(new RowError(n, "lotCode", "the lot code is blank"));
            } else if (!LOT.matcher(lotCode).matches()) {
                errors.add(new RowError(n, "lotCode", "a lot code is 1 to " + MAX_LOT
                        + " letters, digits or . _ / - (starting with a letter or digit)"));
            }
            Long counted = quantity(row.get("quantity"), n, errors);
            LocalDate expiresOn = date(row.get(CountSheet.EXPIRES), n, errors);
            if (!itemCode.isEmpty() && !lotCode.isEmpty()) {
                Integer first = seen.putIfAbsent(itemCode + "\u0000" + lotCode, n);
                if (first != null) {
                    errors.add(new RowError(n, "lotCode", "item " + itemCode + " lot " + lotCode
                            + " is already counted in row " + first));
                }
            }
            StockLot lot = item == null || lotCode.isEmpty() ? null
                    : StockLot.findById(new StockLot.Key(site.id, item.code, lotCode));
            if (lot != null && expiresOn != null && lot.expiresOn != null && !lot.expiresOn.equals(expiresOn)) {
                errors.add(new RowError(n, CountSheet.EXPIRES, "lot " + lotCode + " of " + itemCode + " expires on "
                        + lot.expiresOn + ", not " + expiresOn));
            }
            if (item != null && counted != null) {
                StockCountLine line = new StockCountLine();
                line.id = new StockCountLine.Key(countId, n);
                line.itemCode = item.code;
                line.lotCode = lotCode;
                line.expiresOn = expiresOn != null ? expiresOn : lot == null ? null : lot.expiresOn;
                line.counted = counted;
                line.onHandAtPreview = lot == null ? 0 : lot.onHand;
                lines.add(line);
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(RowError::row));
            throw CountSheet.invalid(errors);
        }
        StockCount count = new StockCount();
        count.id = countId;
        count.siteId = site.id;
        count.areaCode = site.areaCode;
        count.status = StockCount.Status.PREVIEW;
        count.fileName = fileName == null || fileName.isBlank() ? null
                : fileName.strip().substring(0, Math.min(fileName.strip().length(), MAX_FILE_NAME));
        count.uploadedBy = by;
        count.uploadedAt = OffsetDateTime.now(clock);
        count.persist();
        lines.forEach(l -> l.persist());
        return new Counted(count, lines);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StockCountLine> lines(UUID countId) {
        return StockCountLine.find("id.countId = ?1 order by id.lineNo", countId).list();
    }

    /**
     * Posts the count through the ledger: first every (site, item) of the sheet is locked in the one lock order
     * ({@link Ledger#lockAll}), then each item's lines are posted as ONE ledger call ({@link Ledger#countItem}: one
     * posting per lot, the variance against what is on hand now, kept as postedVariance; the level, the day's
     * lowest balance and {@code StockChanged} once per item, from the balances after all its lots). 409 unless the
     * count is a PREVIEW.
     */
    @Transactional
    public Counted confirm(StockCount visible, String by) {
        StockCount count = lockPreview(visible, "confirmed");
        StockSite site = StockSite.findById(count.siteId);
        List<StockCountLine> lines = lines(count.id);
        Map<String, List<StockCountLine>> byItem = new java.util.TreeMap<>();
        for (StockCountLine line : lines) {
            byItem.computeIfAbsent(line.itemCode, code -> new ArrayList<>()).add(line);
        }
        Map<String, Item> items = new HashMap<>();
        byItem.keySet().forEach(code -> items.put(code, Item.findById(code)));
        ledger.lockAll(items.values().stream().map(item -> new Ledger.StockRef(site, item)).toList());
        Ledger.Context context = Ledger.Context.by(by).reference(count.id).reason("COUNT", null);
        byItem.forEach((itemCode, itemLines) -> {
            itemLines.sort(Comparator.comparing(l -> l.lotCode));
            Ledger.Posted posted = ledger.countItem(site, items.get(itemCode), itemLines.stream()
                    .map(l -> new Ledger.CountedLot(l.lotCode, l.expiresOn, l.counted)).toList(), context);
            for (int i = 0; i < itemLines.size(); i++) {
                itemLines.get(i).postedVariance = posted.postings().get(i).quantity; // one posting per lot, in order
            }
        });
        count.status = StockCount.Status.POSTED;
        count.confirmedBy = by;
        count.confirmedAt = OffsetDateTime.now(clock);
        em.flush();
        return new Counted(count, lines);
    }

    @Transactional
    public Counted discard(StockCount visible, String by) {
        StockCount count = lockPreview(visible, "discarded");
        count.status = StockCount.Status.DISCARDED;
        count.confirmedBy = by;
        count.confirmedAt = OffsetDateTime.now(clock);
        em.flush();
        return new Counted(count, lines(count.id));
    }

    /** The count, locked; a 409 when it left PREVIEW or changed since the caller read it. */
    private StockCount lockPreview(StockCount visible, String action) {
        StockCount count = em.find(StockCount.class, visible.id, LockModeType.PESSIMISTIC_WRITE);
        if (count.status != StockCount.Status.PREVIEW) {
            throw ProblemException.conflict("Count is " + count.status.name().toLowerCase(),
                    "Count " + count.id + " is " + count.status + " and cannot be " + action).with("countStatus",
                            count.status.name());
        }
        return count;
    }

    private static Long quantity(String value, int row, List<RowError> errors) {
        if (value.isEmpty()) {
            errors.add(new RowError(row, "quantity", "the quantity is blank"));
            return null;
        }
        long q;
        try {
            q = new java.math.BigDecimal(value).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new RowError(row, "quantity", "'" + value + "' is not a whole number"));
            return null;
        }
        if (q < 0) {
            errors.add(new RowError(row, "quantity", "a counted quantity cannot be negative"));
            return null;
        }
        if (q > MAX_QUANTITY) {
            errors.add(new RowError(row, "quantity", "a counted quantity is at most " + MAX_QUANTITY));
            return null;
        }
        return q;
    }

    private static LocalDate date(String value, int row, List<RowError> errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(value);
            if (d.getYear() < 2000 || d.getYear() > 2100) {
                throw new DateTimeParseException("out of range", value, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new RowError(row, CountSheet.EXPIRES, "'" + value + "' is not a date (yyyy-mm-dd)"));
            return null;
        }
    }
}
