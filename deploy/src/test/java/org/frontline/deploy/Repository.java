package org.frontline.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The checkout the tests read (manifests, docs, the services' config and migrations). */
final class Repository {

    private Repository() {
    }

    /** The repository root: the nearest folder up from the working directory that has mvnw and deploy/. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }

    /**
     * The Kustomize tree: deploy/kubernetes, or the folder named by the system property
     * {@code frontline.kubernetes-dir} (to check a copy).
     */
    static Path kubernetes() {
        String override = System.getProperty("frontline.kubernetes-dir");
        return override != null && !override.isBlank() ? Path.of(override) : root().resolve("deploy/kubernetes");
    }

    /** The platform's defaults every service gets (what Quarkus reads first, at build and at run time). */
    static final String PLATFORM_CONFIG = "platform/src/main/resources/META-INF/microprofile-config.properties";

    /**
     * The configuration files as Quarkus layers them, later ones overriding earlier ones, e.g. {@code config(
     * PLATFORM_CONFIG, "screening-service/src/main/resources/application.properties")}.
     */
    static Properties config(String... files) {
        Properties config = new Properties();
        for (String file : files) {
            try (var in = Files.newBufferedReader(root().resolve(file))) {
                config.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return config;
    }
}
