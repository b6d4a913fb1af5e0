package org.frontline.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.frontline.deploy.StrictManifestReader.Manifest;

/** One overlay as Kustomize renders it, every document bound to its strict model. */
record Rendered(String overlay, List<Manifest> manifests) {

    static final String KUBECTL_MISSING =
            "kubectl is required to render the overlays (kubectl kustomize, works offline); install kubectl";

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    <T> List<T> all(Class<T> type) {
        return manifests.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
    }

    Optional<Manifest> find(String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** {@code kubectl kustomize <overlay folder>}: offline, as the user would apply it. */
    static String kustomize(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("no overlay folder " + dir);
        }
        return run(List.of("kubectl", "kustomize", dir.toString()), Map.of(), KUBECTL_MISSING);
    }

    /** Runs a command, returns its stdout; fails naming the prerequisite when the program is missing. */
    static String run(List<String> command, Map<String, String> env, String missingProgram) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(missingProgram + " (" + String.join(" ", command) + ": " + e.getMessage() + ")", e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + err.get(10, TimeUnit.SECONDS));
            }
            return out;
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
