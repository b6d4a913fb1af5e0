package org.frontline.alert.detect;

import java.util.Arrays;
import java.util.Optional;

/** The statistical methods, by the name used in the API ({@code ears-c1} …). */
public enum Method {
    EARS_C1("ears-c1"), EARS_C2("ears-c2"), EARS_C3("ears-c3"), CUSUM("cusum");

    private final String path;

    Method(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public static Optional<Method> of(String path) {
        return Arrays.stream(values()).filter(m -> m.path.equals(path)).findFirst();
    }
}
