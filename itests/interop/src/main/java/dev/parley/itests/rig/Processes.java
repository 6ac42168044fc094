package dev.parley.itests.rig;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Every child process the rig started, so a JVM that exits without closing them still kills them. */
final class Processes {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Processes::kill), "rig-process-reaper"));
    }

    private Processes() {
    }

    static void register(Process p) {
        LIVE.add(p);
    }

    /** Asks politely (SIGTERM), then kills (SIGKILL); returns when the process is gone. */
    static void stop(Process p, long graceMillis) {
        try {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    kill(p);
                }
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(p);
        }
    }

    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }
}
