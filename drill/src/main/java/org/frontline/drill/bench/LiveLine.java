package org.frontline.drill.bench;

import java.io.PrintStream;

/**
 * The benchmark's live progress: one line rewritten in place ({@code \r}) on a terminal; where the output is not one
 * (a CI log, a file) a full line every {@value #LOG_EVERY} updates instead. (The player's progress line, when there is
 * one, could take this over.)
 */
final class LiveLine {

    static final int LOG_EVERY = 10;

    private final PrintStream out;
    private final boolean terminal;
    private int updates;
    private int width;

    LiveLine(PrintStream out) {
        this(out, System.console() != null && out == System.out);
    }

    LiveLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void update(String text) {
        updates++;
        if (terminal) {
            String padded = text.length() < width ? text + " ".repeat(width - text.length()) : text;
            width = text.length();
            out.print("\r" + padded);
            out.flush();
        } else if (updates % LOG_EVERY == 1) {
            out.println(text);
        }
    }

    /** Ends the line (the next output starts on a fresh one). */
    synchronized void done() {
        if (terminal && updates > 0) {
            out.println();
        }
        updates = 0;
        width = 0;
    }
}
