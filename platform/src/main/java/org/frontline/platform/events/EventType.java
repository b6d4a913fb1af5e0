package org.frontline.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link DomainEvent}: {@code @EventType(name = "FeverDetected", version = 1)} on a record of the
 * screening service is published as {@code frontline.screening.FeverDetected.v1}. Adding an optional field
 * keeps the version; any other change is a new version.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    String name();

    int version() default 1;
}
