package com.associationenricher.backfill;

import com.associationenricher.config.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the compacted progress topic when missing, as the enricher creates its own topics ({@code topics.create},
 * {@code topics.replication-factor}); one partition, since it holds one small record per listing.
 */
final class ProgressTopic {

    private ProgressTopic() {
    }

    /** @return whether the topic was created now (then it holds no checkpoint yet) */
    static boolean ensure(Properties admin, String name, Topics topics) {
        try (Admin client = Admin.create(admin)) {
            if (client.listTopics().names().get(30, TimeUnit.SECONDS).contains(name)) {
                return false;
            }
            if (!topics.create()) {
                throw new IllegalStateException("topic " + name + " (backfill progress) does not exist and topics.create=false: "
                        + "create it, compacted, or allow creation");
            }
            Optional<Short> replication = topics.replicationFactor() < 0 ? Optional.empty() : Optional.of(topics.replicationFactor());
            NewTopic topic = new NewTopic(name, Optional.of(1), replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                client.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                return false;
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot check or create topic " + name + " on " + admin.getProperty("bootstrap.servers")
                    + ": " + cause.getClass().getSimpleName(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + name, e);
        }
    }
}
