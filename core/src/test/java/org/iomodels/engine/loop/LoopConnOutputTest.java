package org.iomodels.engine.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.iomodels.engine.base.FileRegion;
import org.iomodels.server.ServerConfig;
import org.iomodels.sys.SyscallProbe;
import org.junit.jupiter.api.Test;

/**
 * {@link LoopConnOutput} with a loop whose tasks this test runs by hand, so the interleavings of
 * another thread's writes with the socket's progress are chosen, not hoped for.
 */
class LoopConnOutputTest {
    private static final int LOW = 64 << 10;
    private static final int HIGH = 256 << 10;

    /** A loop thread played by the test: tasks wait until {@link #runAll}; inLoop only while they run. */
    static final class ManualLoop implements OutputOwner {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean running;

        @Override
        public boolean inLoop() {
            return running;
        }

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        @Override
        public void callLater(long delayNanos, Runnable task) {
            tasks.add(task);
        }

        @Override
        public SyscallProbe probe() {
            return SyscallProbe.NONE;
        }

        void runAll() {
            running = true;
            try {
                while (!tasks.isEmpty()) {
                    tasks.poll().run();
                }
            } finally {
                running = false;
            }
        }
    }

    /** A socket that takes up to {@link #room} bytes, then says it is full. */
    static final class Socket implements OutputTransport {
        long room;
        long sent;
        int drained;

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public int transportWrite(ByteBuffer src) {
            int n = (int) Math.min(room, src.remaining());
            src.position(src.position() + n);
            room -= n;
            sent += n;
            return n;
        }

        @Override
        public long transportSendFile(FileRegion region) {
            throw new UnsupportedOperationException("no files here");
        }

        @Override
        public FileRegion openFile(Path file, long position, long count) {
            throw new UnsupportedOperationException("no files here");
        }

        @Override
        public void transportShutdownOutput() {}

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void touch() {}

        @Override
        public void closeNow(Throwable cause) {}

        @Override
        public void updateInterest() {}

        @Override
        public void drained() {
            drained++;
        }
    }

    private final ManualLoop loop = new ManualLoop();
    private final Socket socket = new Socket();
    private final LoopConnOutput output = new LoopConnOutput(socket, loop, ServerConfig.defaults().withWriteWaterMarks(LOW, HIGH));

    @Test
    void anotherThreadsWritesPastTheHighMarkAreFollowedByDrainedEvenIfTheSocketTookThemAll() {
        byte[] chunk = new byte[64 << 10];
        while (output.isWritable()) {
            output.write(ByteBuffer.wrap(chunk)); // from "another thread": handed to the loop, counted at once
        }
        assertFalse(output.isWritable(), "the writer was told to stop");
        long written = output.pendingBytes();
        socket.room = Long.MAX_VALUE; // the peer read meanwhile: the socket takes every byte the moment the loop offers it
        loop.runAll();
        assertEquals(written, socket.sent);
        assertEquals(0, output.pendingBytes());
        assertTrue(output.isWritable());
        assertEquals(1, socket.drained, "a writer told isWritable() == false hears onDrained once the bytes are gone");
    }

    @Test
    void theLoopsOwnWritesPastTheHighMarkAreFollowedByDrainedOnceTheQueueEmpties() {
        loop.running = true;
        output.write(ByteBuffer.wrap(new byte[HIGH + 1])); // the socket takes nothing: all queued
        assertFalse(output.isWritable());
        assertTrue(output.readPaused());
        socket.room = Long.MAX_VALUE;
        output.flush();
        assertTrue(output.isWritable());
        assertFalse(output.readPaused());
        assertEquals(1, socket.drained);
    }

    @Test
    void writesThatNeverPassTheHighMarkNeverSayDrained() {
        socket.room = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            output.write(ByteBuffer.wrap(new byte[64 << 10]));
        }
        loop.runAll();
        assertEquals(0, socket.drained);
    }
}
