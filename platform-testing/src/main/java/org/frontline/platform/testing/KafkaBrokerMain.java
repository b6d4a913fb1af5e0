package org.frontline.platform.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;

/**
 * Entry point of the child JVM that runs the test broker: formats the KRaft storage on first start, then
 * runs {@code kafka.Kafka}. It exits when the test JVM that started it goes away, so a crashed test run
 * never leaves a broker behind.
 *
 * <p>Arguments: {@code <server.properties> <parent pid>}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        String config = args[0];
        long parentPid = Long.parseLong(args[1]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));

        Path logDir = Path.of(readProperty(config, "log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int[] code = {0};
            Exit.setExitProcedure((status, message) -> {
                code[0] = status;
                throw new FormatFinished();
            });
            try {
                kafka.tools.StorageTool.main(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config});
            } catch (FormatFinished done) {
                // StorageTool always ends by calling Exit; the status says how it went
            } finally {
                Exit.resetExitProcedure();
            }
            if (code[0] != 0) {
                System.err.println("kafka storage format failed with status " + code[0]);
                System.exit(code[0]);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static String readProperty(String file, String key) throws Exception {
        var props = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of(file))) {
            props.load(in);
        }
        return props.getProperty(key);
    }

    private static final class FormatFinished extends RuntimeException {
        FormatFinished() {
            super(null, null, false, false);
        }
    }
}
