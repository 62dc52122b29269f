package com.associationenricher.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** CPU is counted per thread of the application, from the start of measuring; a thread that ended is not subtracted. */
class AppThreadsCpuTest {

    @Test
    void countsTheCpuOfTheApplicationsThreadsSinceTheStartOnly() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread before = spinThenHold("cpu-test-app-StreamThread-1", 150, done);
        // A thread alive at the start that ends before the end (a replaced producer, a stream thread removed).
        Thread ends = spinThenHold("cpu-test-app-StreamThread-2", 100, release);

        AppThreadsCpu cpu = AppThreadsCpu.start("cpu-test-app");
        release.countDown();
        ends.join();
        Thread other = new Thread(() -> spin(200), "someone-else");
        other.start();
        Thread cameAndWent = new Thread(() -> spin(100), "cpu-test-app-producer");
        cameAndWent.start();
        cameAndWent.join();
        other.join();
        Thread alive = spinThenHold("cpu-test-app-StreamThread-3", 100, done);

        double seconds = cpu.seconds();
        done.countDown();
        before.join();
        alive.join();

        // Only the 100 ms of the thread that is still alive: not the 150 ms and 100 ms spent before the start (not even
        // subtracted for the thread that ended), nor the other application's 200 ms, nor a thread that came and went.
        assertThat(seconds).isBetween(0.08, 0.2);
    }

    /** Starts a thread that spins for {@code millis}, then holds (alive, idle) until {@code hold} opens; returns once it holds. */
    private static Thread spinThenHold(String name, long millis, CountDownLatch hold) throws InterruptedException {
        CountDownLatch spun = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            spin(millis);
            spun.countDown();
            await(hold);
        }, name);
        thread.start();
        spun.await();
        return thread;
    }

    private static void spin(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < until) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
