package com.associationenricher.batching;

import com.associationenricher.hubspot.BatchReadRequest;
import com.associationenricher.hubspot.BatchReadResult;
import com.associationenricher.hubspot.IdOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.kafka.common.utils.ThreadUtils;

/**
 * Lets the ids of one (portal, from, to) group waiting in different tasks of this instance share a call. A task whose
 * granted call is not full opens it ({@link #open}); every other task that has ids of the group waiting is asked to
 * join, and does so on its own stream thread ({@link Lane#answerAsks}), taking up to the room left from its own store.
 * The call goes when every asked task has answered, the call is full, or {@code waitMs} has passed. Each part of the
 * answer goes back to the task that put its ids in, which settles them itself, on its own thread, in its own
 * transaction; a task that closed meanwhile drops its part (its ids are still in its store).
 */
final class CallCoalescer {

    /** The ids one task put into a shared call, and where their outcomes go (that task's answer queue). */
    record Part(InFlightBatch batch, BiConsumer<BatchReadResult, Throwable> deliver) {
    }

    /** One task's membership: how many ids it has waiting per group, and the calls it is asked to join. */
    static final class Lane {
        private final Queue<OpenCall> asks = new ConcurrentLinkedQueue<>();
        private volatile Map<GroupKey, Integer> waiting = Map.of();

        /** Published by the task after each pass: which groups it could add ids to, and how many. */
        void waiting(Map<GroupKey, Integer> counts) {
            waiting = counts;
        }

        /** On the task's stream thread: joins every call it was asked to, with what {@code take} gives for the room. */
        void answerAsks(Function<GroupKey, IntFunction<Part>> take) {
            OpenCall call;
            while ((call = asks.poll()) != null) {
                call.join(this, take.apply(call.group));
            }
        }
    }

    private final long waitMs;
    private final List<Lane> lanes = new CopyOnWriteArrayList<>();
    /** Calls being filled, per group (not sent yet). */
    private final Map<GroupKey, Integer> filling = new ConcurrentHashMap<>();

    /** One timer thread for the process, started at the first shared call (a topology is built per test, too). */
    private static final class Timer {
        static final ScheduledExecutorService THREAD = Executors.newSingleThreadScheduledExecutor(
                ThreadUtils.createThreadFactory("call-coalescer", true));
    }

    CallCoalescer(long waitMs) {
        this.waitMs = waitMs;
    }

    Lane register() {
        Lane lane = new Lane();
        lanes.add(lane);
        return lane;
    }

    /** The task closed: it is asked nothing more (its parts already in calls are dropped when answered). */
    void deregister(Lane lane) {
        lanes.remove(lane);
        lane.asks.clear();
    }

    /**
     * Whether this task should send its {@code here} waiting ids of {@code group} now because, with the ids the
     * instance's other tasks had waiting at their last pass, they fill a call (flush reason SHARED_SIZE; the others then
     * join it), instead of every task waiting {@code batch.max-wait} with a part-full group of its own. Only one task
     * opens such a call: the one with the most ids of the group waiting (the earliest registered on a tie), and none
     * while a call of the group is still being filled.
     */
    boolean fillsCallTogether(Lane self, GroupKey group, int here, int maxIds) {
        if (here >= maxIds) {
            return false;
        }
        int others = othersIfLeading(self, group, here);
        return others >= 0 && here + others >= maxIds;
    }

    /**
     * Whether this task sends its {@code here} waiting ids of {@code group} now that it has read a backlog to its end
     * (flush reason BACKLOG_END): the same one task as in {@link #fillsCallTogether} opens the call and the others join
     * it, instead of each task that reached the end at the same moment sending a part-full call of its own.
     */
    boolean leadsAtBacklogEnd(Lane self, GroupKey group, int here) {
        return othersIfLeading(self, group, here) >= 0;
    }

    /**
     * The ids the other tasks had waiting of the group at their last pass, when this task is the one to open its call
     * (the most ids of it, the earliest registered on a tie, and no call of it being filled); -1 when it is not.
     */
    private int othersIfLeading(Lane self, GroupKey group, int here) {
        if (here <= 0 || filling.containsKey(group)) {
            return -1;
        }
        int others = 0;
        boolean before = true;
        for (Lane lane : lanes) {
            if (lane == self) {
                before = false;
                continue;
            }
            int theirs = lane.waiting.getOrDefault(group, 0);
            if (theirs > here || (theirs == here && before)) {
                return -1;
            }
            others += theirs;
        }
        return others;
    }

    /**
     * Opens {@code seed}'s call to the other tasks with ids of its group waiting; false when there are none (the caller
     * sends the call alone). {@code send} makes the call (with the seed's permit).
     */
    boolean open(Lane seedLane, Part seed, int maxIds, Function<BatchReadRequest, CompletableFuture<BatchReadResult>> send) {
        GroupKey group = seed.batch().group();
        List<Lane> others = lanes.stream().filter(l -> l != seedLane && l.waiting.containsKey(group)).toList();
        if (others.isEmpty() || seed.batch().sent().size() >= maxIds) {
            return false;
        }
        filling.merge(group, 1, Integer::sum);
        OpenCall call = new OpenCall(group, maxIds, seed, new HashSet<>(others), send,
                () -> filling.computeIfPresent(group, (g, count) -> count > 1 ? count - 1 : null));
        others.forEach(lane -> lane.asks.add(call));
        Timer.THREAD.schedule(call::go, waitMs, TimeUnit.MILLISECONDS);
        return true;
    }

    /** A call being filled by several tasks. */
    static final class OpenCall {
        private final GroupKey group;
        private final int maxIds;
        private final List<Part> parts = new ArrayList<>();
        private final Set<Lane> awaiting;
        private final Function<BatchReadRequest, CompletableFuture<BatchReadResult>> send;
        private final Runnable onSent;
        private int ids;
        private boolean sent;

        OpenCall(GroupKey group, int maxIds, Part seed, Set<Lane> awaiting,
                Function<BatchReadRequest, CompletableFuture<BatchReadResult>> send, Runnable onSent) {
            this.group = group;
            this.maxIds = maxIds;
            this.awaiting = awaiting;
            this.send = send;
            this.onSent = onSent;
            parts.add(seed);
            ids = seed.batch().sent().size();
        }

        /** The lane's ids are taken under the lock, so none are taken for a call that has already gone. */
        void join(Lane lane, IntFunction<Part> take) {
            boolean go;
            synchronized (this) {
                if (sent) {
                    return;
                }
                awaiting.remove(lane);
                if (ids < maxIds) {
                    Part part = take.apply(maxIds - ids);
                    if (part != null) {
                        parts.add(part);
                        ids += part.batch().sent().size();
                    }
                }
                go = awaiting.isEmpty() || ids >= maxIds;
            }
            if (go) {
                go();
            }
        }

        void go() {
            List<Part> all;
            synchronized (this) {
                if (sent) {
                    return;
                }
                sent = true;
                all = List.copyOf(parts);
            }
            onSent.run();
            Set<String> objectIds = new LinkedHashSet<>();
            all.forEach(part -> objectIds.addAll(part.batch().sent().keySet()));
            CompletableFuture<BatchReadResult> answer;
            try {
                answer = send.apply(new BatchReadRequest(group.portalId(), group.fromObjectType(), group.toObjectType(),
                        List.copyOf(objectIds)));
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((result, failure) -> all.forEach(part -> part.deliver().accept(
                    result == null ? null : partOf(result, part), failure)));
        }

        private static BatchReadResult partOf(BatchReadResult result, Part part) {
            Map<String, IdOutcome> mine = new LinkedHashMap<>();
            part.batch().sent().keySet().forEach(id -> {
                IdOutcome outcome = result.outcomes().get(id);
                if (outcome != null) {
                    mine.put(id, outcome);
                }
            });
            return new BatchReadResult(mine);
        }
    }
}
