package com.associationenricher.pipeline;

import com.associationenricher.config.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes sure the input, output and dead-letter topics exist before the pipeline starts: creates the missing ones when
 * {@code topics.create} allows it (the output log-compacted, so it is a table of current associations), otherwise
 * fails with a message naming what is missing.
 */
public final class TopicProvisioner {
    private TopicProvisioner() {
    }

    public static void ensure(Properties adminProperties, Topics topics) {
        try (Admin admin = Admin.create(adminProperties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Optional<Short> replication = topics.replicationFactor() < 0 ? Optional.empty() : Optional.of(topics.replicationFactor());
            for (String name : List.of(topics.input(), topics.output(), topics.deadLetter())) {
                if (existing.contains(name)) {
                    continue;
                }
                NewTopic topic = new NewTopic(name, Optional.of(topics.partitions()), replication);
                if (name.equals(topics.output())) {
                    topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                missing.add(topic);
            }
            if (missing.isEmpty()) {
                return;
            }
            List<String> names = missing.stream().map(NewTopic::name).toList();
            if (!topics.create()) {
                throw new IllegalStateException("topics " + names + " do not exist and topics.create=false: create them or allow creation");
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot check or create topics on " + adminProperties.getProperty("bootstrap.servers")
                    + ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }
}
