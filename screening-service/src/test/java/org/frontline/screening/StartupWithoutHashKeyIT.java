package org.frontline.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged service, started in the prod profile without SCREENING_ID_NUMBER_HASH_KEY, refuses to start and
 * says which variable is missing (there is no built-in key outside the dev and test profiles).
 */
class StartupWithoutHashKeyIT {

    @Test
    void withoutTheHashKeyTheServiceRefusesToStartNamingTheVariable() throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).exists();
        Path log = Files.createTempFile(Path.of("target"), "startup-without-key", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("SCREENING_ID_NUMBER_HASH_KEY");
        builder.environment().remove("QUARKUS_PROFILE");
        // nothing else is reachable either: the refusal must come first, from the configuration
        builder.environment().put("FRONTLINE_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the service exits by itself").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("SCREENING_ID_NUMBER_HASH_KEY").doesNotContain("Connection to 127.0.0.1:1 refused");
        new File(log.toString()).deleteOnExit();
    }
}
