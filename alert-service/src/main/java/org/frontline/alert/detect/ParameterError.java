package org.frontline.alert.detect;

/** An input that breaks a rule of {@link Detectors#check}: the request field and what is wrong with it. */
public record ParameterError(String field, String message) {
}
