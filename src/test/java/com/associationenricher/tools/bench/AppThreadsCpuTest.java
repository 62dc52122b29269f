package com.associationenricher.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** CPU is counted per thread of the application, from the start of measuring; a thread that ended is not subtracted. */
class AppThreadsCpuTest {

    @Test
    void countsTheCpuOfTheApplicationsThreadsSinceTheStartOnly() throws Exception {
        CountDownLatch measuring = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread before = new Thread(() -> {
            spin(150);
            measuring.countDown();
            await(done);
        }, "cpu-test-app-StreamThread-1");
        before.start();
        measuring.await();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch spun = new CountDownLatch(1);
        Thread ends = new Thread(() -> {
            spin(100);
            spun.countDown();
            await(release);
        }, "cpu-test-app-StreamThread-2");
        ends.start();
        spun.await();
        AppThreadsCpu cpu = AppThreadsCpu.start("cpu-test-app");
        // A thread alive at the start that ends before the end (a replaced producer, a stream thread removed).
        release.countDown();
        ends.join();
        Thread other = new Thread(() -> spin(200), "someone-else");
        other.start();
        Thread started = new Thread(() -> spin(100), "cpu-test-app-producer");
        started.start();
        started.join();
        other.join();
        // While the started thread is gone, its time is not reported; measure one that is still alive.
        Thread alive = new Thread(() -> {
            spin(100);
            await(done);
        }, "cpu-test-app-StreamThread-3");
        alive.start();
        while (alive.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }

        double seconds = cpu.seconds();
        done.countDown();
        before.join();
        alive.join();

        // Only the 100 ms of the thread that is still alive: not the 150 ms and 100 ms spent before the start (not even
        // subtracted for the thread that ended), nor the other application's 200 ms, nor a thread that came and went.
        assertThat(seconds).isBetween(0.08, 0.2);
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
