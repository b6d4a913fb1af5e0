package org.frontline.supplies.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.supplies.Item;

/** The item catalogue: seeded by migration, extended by a coordinator. */
@ApplicationScoped
public class ItemService {

    private final Clock clock;

    public ItemService(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public Item create(String code, String name, String unit, int packSize, boolean critical, String createdBy) {
        if (Item.findById(code) != null) {
            throw ProblemException.conflict("Item exists", "The catalogue already has an item " + code)
                    .with("code", code);
        }
        Item item = new Item();
        item.code = code;
        item.name = name.strip();
        item.unit = unit.strip();
        item.packSize = packSize;
        item.critical = critical;
        item.seeded = false;
        item.createdBy = createdBy;
        item.createdAt = OffsetDateTime.now(clock);
        item.persist();
        return item;
    }

    /** The item a posting names in its body: an unknown code is a 400 on {@code field}, not a 404 of the path. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Item named(String code, String field) {
        Item item = code == null ? null : Item.findById(code);
        if (item == null) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field,
                    "is not an item of the catalogue (GET /api/v1/items)")));
        }
        return item;
    }

    /** The item of a path: unknown is a 404. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Item found(String code) {
        Item item = Item.findById(code);
        if (item == null) {
            throw ProblemException.notFound("Item", code);
        }
        return item;
    }
}
