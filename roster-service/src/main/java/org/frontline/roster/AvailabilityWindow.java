package org.frontline.roster;

import java.time.LocalTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A recurring weekly window in which a person is available, local time in the city's zone. */
@Entity
@Table(name = "availability_window")
public class AvailabilityWindow extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "person_id", nullable = false)
    public UUID personId;
    /** ISO day of week, 1 = Monday … 7 = Sunday. */
    @Column(name = "day_of_week", nullable = false)
    public int dayOfWeek;
    @Column(name = "start_time", nullable = false)
    public LocalTime startTime;
    /** 00:00 means midnight (the end of the day). */
    @Column(name = "end_time", nullable = false)
    public LocalTime endTime;
}
