package dev.parley.messenger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.api.chat.MessageKind;
import dev.parley.api.friends.FriendKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteBehindOutboxTest {
    private static final FriendKey FRIEND = new FriendKey("AB".repeat(32));

    private static List<QueuedMessage> queue(int n) {
        return java.util.stream.LongStream.rangeClosed(1, n)
                .mapToObj(id -> new QueuedMessage(id, FRIEND, MessageKind.NORMAL, "m" + id)).toList();
    }

    /** A target whose first write blocks until released, recording every write and its thread. */
    private static final class SlowTarget implements OutboxStore {
        final CountDownLatch firstWriteStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<List<QueuedMessage>> written = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public List<QueuedMessage> load() {
            return queue(1);
        }

        @Override
        public void store(List<QueuedMessage> messages) {
            threads.add(Thread.currentThread().getName());
            firstWriteStarted.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(messages);
        }
    }

    @Test
    void storeReturnsWhileTheTargetIsBusyAndOnlyTheNewestWaitingQueueIsWritten() throws Exception {
        SlowTarget target = new SlowTarget();
        WriteBehindOutbox outbox = new WriteBehindOutbox(target, "outbox-test");
        assertEquals(queue(1), outbox.load(), "load reads the target");

        outbox.store(queue(1));
        assertTrue(target.firstWriteStarted.await(10, TimeUnit.SECONDS), "the first write started");
        // The writer is blocked in the target: these return at once, and 2 is replaced by 3.
        outbox.store(queue(2));
        outbox.store(queue(3));
        assertEquals(List.of(), target.written, "nothing finished while the target is blocked");

        target.release.countDown();
        outbox.close(); // writes what waits before it returns
        assertEquals(List.of(queue(1), queue(3)), target.written);
        assertEquals(List.of("outbox-test", "outbox-test"), target.threads, "written on the outbox's own thread");
    }

    @Test
    void aStoreAfterCloseIsWrittenOnTheCallersThread() {
        SlowTarget target = new SlowTarget();
        target.release.countDown();
        WriteBehindOutbox outbox = new WriteBehindOutbox(target, "outbox-test");
        outbox.close();
        outbox.store(queue(2));
        assertEquals(List.of(queue(2)), target.written);
        assertEquals(List.of(Thread.currentThread().getName()), target.threads);
    }

    @Test
    void aFailingWriteIsLoggedAndTheNextOneStillHappens() {
        List<List<QueuedMessage>> written = new CopyOnWriteArrayList<>();
        OutboxStore flaky = new OutboxStore() {
            @Override
            public List<QueuedMessage> load() {
                return List.of();
            }

            @Override
            public void store(List<QueuedMessage> messages) {
                if (messages.size() == 1) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
                }
                written.add(messages);
            }
        };
        WriteBehindOutbox outbox = new WriteBehindOutbox(flaky, "outbox-test");
        outbox.store(queue(1));
        outbox.close();
        outbox.store(queue(2));
        assertEquals(List.of(queue(2)), written);
    }
}
