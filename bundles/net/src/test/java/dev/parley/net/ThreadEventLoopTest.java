package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadEventLoopTest {

    @Test
    void tasksFromManyThreadsRunOnTheLoopInEachThreadsOrder() throws Exception {
        int threads = 4;
        int each = 20_000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>());
        }
        AtomicInteger offLoop = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads * each);
        try (ThreadEventLoop loop = new ThreadEventLoop("test")) {
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                Thread s = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        int ii = i;
                        loop.execute(() -> {
                            if (!loop.inLoop()) {
                                offLoop.incrementAndGet();
                            }
                            seen.get(tt).add(ii); // loop thread only
                            done.countDown();
                        });
                    }
                });
                senders.add(s);
                s.start();
            }
            for (Thread s : senders) {
                s.join();
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "every task ran");
            List<Integer> lists = loop.call(() -> {
                List<Integer> bad = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<Integer> l = seen.get(t);
                    for (int i = 0; i < l.size(); i++) {
                        if (l.get(i) != i) {
                            bad.add(t);
                            break;
                        }
                    }
                }
                return bad;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), lists, "out of order");
            assertEquals(0, offLoop.get());
        }
    }

    @Test
    void timersRunByDueTimeThenSchedulingOrderAndCancelledOnesNot() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> end = new CompletableFuture<>();
        try (ThreadEventLoop loop = new ThreadEventLoop("test")) {
            // Each schedule reads the clock itself: the tasks are made first and the delays lie
            // 200 ms apart, so a stalled thread between two calls cannot swap two due times.
            Runnable c = () -> order.add("c");
            Runnable a1 = () -> order.add("a1");
            Runnable a2 = () -> order.add("a2");
            Runnable x = () -> order.add("x");
            Runnable b = () -> order.add("b");
            Runnable last = () -> end.complete(null);
            loop.call(() -> {
                loop.schedule(c, 600);
                loop.schedule(a1, 200);
                loop.schedule(a2, 200);
                loop.schedule(x, 300).cancel();
                loop.schedule(b, 400);
                loop.schedule(last, 800);
                return null;
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            end.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("a1", "a2", "b", "c"), order);
        }
    }

    @Test
    void aTimerSetFromAnotherThreadFiresNoEarlierThanItsDelay() throws Exception {
        try (ThreadEventLoop loop = new ThreadEventLoop("test")) {
            CompletableFuture<Long> fired = new CompletableFuture<>();
            long t0 = System.nanoTime();
            loop.schedule(() -> fired.complete(System.nanoTime()), 50);
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(fired.get(10, TimeUnit.SECONDS) - t0);
            assertTrue(elapsedMs >= 50, "fired after " + elapsedMs + " ms");
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheLoop() throws Exception {
        try (ThreadEventLoop loop = new ThreadEventLoop("test")) {
            loop.execute(() -> {
                throw new IllegalStateException("boom");
            });
            loop.execute(() -> {
                throw new StackOverflowError("deep");
            });
            assertEquals(42, loop.call(() -> 42).toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeRunsWhatIsQueuedAndDropsWhatIsScheduledForLater() throws Exception {
        AtomicBoolean later = new AtomicBoolean();
        AtomicInteger queued = new AtomicInteger();
        CountDownLatch block = new CountDownLatch(1);
        ThreadEventLoop loop = new ThreadEventLoop("test");
        loop.execute(() -> {
            try {
                block.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Far enough ahead that no stall before close can make it due.
        loop.schedule(() -> later.set(true), TimeUnit.MINUTES.toMillis(10));
        for (int i = 0; i < 100; i++) {
            loop.execute(queued::incrementAndGet);
        }
        Thread t = new Thread(block::countDown);
        t.start();
        loop.close();
        assertEquals(100, queued.get(), "queued tasks ran before close returned");
        loop.execute(queued::incrementAndGet);
        // close returned after the loop's thread ended, so nothing can run any more
        assertFalse(later.get());
        assertEquals(100, queued.get(), "nothing runs after close");
    }
}
