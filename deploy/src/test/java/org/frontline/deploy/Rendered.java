package org.frontline.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** How long a command may run before it is killed and the test fails. */
    static final long TIMEOUT_SECONDS = 120;

    /**
     * Runs a command, returns its stdout; fails naming the prerequisite when the program is missing, and fails
     * (killing it) when it runs longer than {@link #TIMEOUT_SECONDS}: stdout and stderr go to files, so nothing here
     * blocks on a pipe and the timeout always fires.
     */
    static String run(List<String> command, Map<String, String> env, String missingProgram) {
        return run(command, env, missingProgram, TIMEOUT_SECONDS);
    }

    static String run(List<String> command, Map<String, String> env, String missingProgram, long timeoutSeconds) {
        Finished f = execute(command, null, env, missingProgram, timeoutSeconds);
        if (f.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + f.exitCode() + "): " + f.stderr());
        }
        return f.stdout();
    }

    /** A command that ran to its end: its exit code and what it wrote. */
    record Finished(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs a command in {@code dir} (null: here) to its end, whatever its exit code; fails naming the prerequisite
     * when the program is missing, and (killing it and its children) when it runs longer than {@code timeoutSeconds}.
     */
    static Finished execute(List<String> command, Path dir, Map<String, String> env, String missingProgram,
            long timeoutSeconds) {
        Path out;
        Path err;
        try {
            out = Files.createTempFile("frontline-run", ".out");
            err = Files.createTempFile("frontline-run", ".err");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError(missingProgram + " (" + String.join(" ", command) + ": " + e.getMessage() + ")", e);
            }
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError(String.join(" ", command) + ": interrupted", e);
            }
            return new Finished(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
