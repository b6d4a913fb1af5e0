package org.frontline.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stand-in for the platform's annotation, for platform-testing's own tests only (the platform depends on this
 * module for its tests, so this module cannot depend on the platform). Same name, same members.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    String name();

    int version() default 1;
}
