package dev.parley.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MainThreadTest {

    @Test
    void tasksRunInOrderOnTheLendingThreadUntilStopped() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MainThread main = new MainThread(new PrintStream(log, true, StandardCharsets.UTF_8));
        List<String> ran = new CopyOnWriteArrayList<>();
        Thread lender = new Thread(() -> {
            try {
                main.runTasks();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lender");
        main.execute(() -> ran.add("1 on " + Thread.currentThread().getName()));
        main.execute(() -> {
            throw new IllegalStateException("boom");
        });
        main.execute(() -> ran.add("3 on " + Thread.currentThread().getName()));
        lender.start();
        main.stop();
        lender.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(lender.isAlive(), "runTasks returned after stop");
        assertEquals(List.of("1 on lender", "3 on lender"), ran);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("boom"), "a failing task is reported, not fatal");
        assertThrows(RejectedExecutionException.class, () -> main.execute(() -> { }));
    }
}
