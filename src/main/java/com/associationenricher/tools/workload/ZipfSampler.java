package com.associationenricher.tools.workload;

import java.util.Random;

/** Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s (s = 0 is uniform), by inverse CDF. */
final class ZipfSampler {
    private final double[] cumulative;
    private final Random random;

    ZipfSampler(int n, double exponent, Random random) {
        this.random = random;
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
    }

    int next() {
        double u = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
