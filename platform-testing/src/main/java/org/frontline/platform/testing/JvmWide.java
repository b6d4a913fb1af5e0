package org.frontline.platform.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * State that must survive Quarkus app restarts inside one test JVM.
 *
 * <p>Quarkus loads test resources in a fresh class loader for every restart (test profiles), so static
 * fields do not survive. System properties do: the broker's PID and ports and the database port are kept
 * there, and a second start finds and reuses what the first one started.
 */
final class JvmWide {

    private JvmWide() {
    }

    static String get(String key) {
        return System.getProperty("frontlinetest." + key);
    }

    static void set(String key, String value) {
        System.setProperty("frontlinetest." + key, value);
    }

    /** Folder for this test JVM's broker and database files, under the module's {@code target/}. */
    static Path workDir() {
        String configured = System.getProperty("frontlinetest.work-dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("target", "frontline-test");
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test work dir " + dir, e);
        }
        return dir.toAbsolutePath();
    }

    static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }
}
