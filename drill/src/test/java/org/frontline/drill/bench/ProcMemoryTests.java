package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcMemoryTests {

    @TempDir
    Path state;

    @Test
    void thisJvmsRssIsReadFromProc() {
        ProcMemory memory = new ProcMemory(state);
        long pid = ProcessHandle.current().pid();
        long rss = memory.rssKb(pid);
        // a running JVM holds at least a few MiB, and less than the machine
        assertThat(rss).isGreaterThan(10_000);
        assertThat(rss * 1024).isLessThan(Runtime.getRuntime().maxMemory() + 8L * 1024 * 1024 * 1024);
        assertThat(memory.rssKb(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void aComponentIsItsPidFileAndItsProcessTree() throws Exception {
        Files.createDirectories(state.resolve("pids"));
        Files.writeString(state.resolve("pids/drill.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(state.resolve("pids/gone.pid"), "999999999\n");
        Files.writeString(state.resolve("pids/junk.pid"), "not a pid\n");
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcMemory memory = new ProcMemory(state);
            assertThat(memory.components()).containsOnlyKeys("drill");
            Map<String, ProcMemory.Usage> sample = memory.sample();
            assertThat(sample).containsOnlyKeys("drill");
            ProcMemory.Usage u = sample.get("drill");
            assertThat(u.processes()).isGreaterThanOrEqualTo(2); // this JVM and its sleep
            assertThat(u.rssKb()).isGreaterThanOrEqualTo(memory.rssKb(ProcessHandle.current().pid()) / 2);
        } finally {
            child.destroy();
        }
    }

    @Test
    void noPidsNoComponents() {
        assertThat(new ProcMemory(state.resolve("absent")).sample()).isEmpty();
    }

    @Test
    void theParentIsReadPastACommandNameWithSpacesAndParentheses() {
        assertThat(ProcMemory.parentOf("1234 (java) S 1 1234 1234 0 -1")).isEqualTo(1);
        assertThat(ProcMemory.parentOf("77 (a b) (c)) R 42 77 77 0")).isEqualTo(42);
    }
}
