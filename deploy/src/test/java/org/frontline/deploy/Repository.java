package org.frontline.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
