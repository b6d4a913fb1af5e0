package org.frontline.platform.rest;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Locale;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * A boolean parameter is {@code true} or {@code false}: anything else is refused (400, naming the parameter, by
 * {@code ProblemMappers}) instead of read as false, as {@code Boolean.valueOf} would ({@code ?vulnerable=yes} listing
 * everyone).
 */
@Provider
public class StrictBooleans implements ParamConverterProvider {

    private static final ParamConverter<Boolean> STRICT = strict(null);
    /** A primitive {@code boolean} parameter left out is false, as JAX-RS has it. */
    private static final ParamConverter<Boolean> PRIMITIVE = strict(Boolean.FALSE);

    private static ParamConverter<Boolean> strict(Boolean absent) {
        return new ParamConverter<>() {
            @Override
            public Boolean fromString(String value) {
                if (value == null || value.isEmpty()) {
                    return absent;
                }
                return switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("Not a boolean (true or false): " + value);
                };
            }

            @Override
            public String toString(Boolean value) {
                return String.valueOf(value);
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == boolean.class ? (ParamConverter<T>) PRIMITIVE
                : rawType == Boolean.class ? (ParamConverter<T>) STRICT : null;
    }
}
